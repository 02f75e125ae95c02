// Element Plus draws a table's body as a scrolling box (el-scrollbar) that cannot take the
// keyboard's focus: on a narrow screen, where the table scrolls sideways, a keyboard user could
// not scroll it (axe-core: scrollable-region-focusable). Every such box gets tabindex 0, and a
// name, as it appears.
export function focusableTableScrollers(): void {
  const mark = () =>
    document.querySelectorAll('.el-table .el-scrollbar__wrap:not([tabindex])').forEach((box) => {
      box.setAttribute('tabindex', '0')
      box.setAttribute('role', 'region')
      box.setAttribute('aria-label', '表格内容（可滚动）')
    })
  new MutationObserver(mark).observe(document.body, { childList: true, subtree: true })
}
