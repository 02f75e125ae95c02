// What every console page does around an action: the success message or the refusal in Chinese,
// then the page's data again; and the reason box a refusal or a decision needs.
import { ElMessage, ElMessageBox } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import { describe } from '@/api/errors'

// Runs `what`, says `done` or why it was refused, then `reload`s whatever the outcome.
export async function act(what: () => Promise<unknown>, done: string, reload: () => Promise<void>): Promise<void> {
  try {
    await what()
    ElMessage.success(done)
  } catch (e) {
    ElMessage.error(describe(e))
  }
  await reload()
}

// A reason typed by the admin; null when they closed the box.
export async function askReason(title: string): Promise<string | null> {
  try {
    const { value } = await ElMessageBox.prompt('请填写原因', title, {
      confirmButtonText: '确定',
      cancelButtonText: '取消',
      inputValidator: (v) => !!v?.trim() || '请填写原因',
    })
    return value
  } catch {
    return null
  }
}
