// Times from the API (RFC 3339, UTC) as people in China read them: in China time (Asia/Shanghai)
// whatever the browser's own zone, with date and time — a notice ends at an hour, not a day.
export function chinaTime(value: string | undefined): string {
  if (!value) return ''
  return new Date(value).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
}
