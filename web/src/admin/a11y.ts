// Element Plus draws a table's body as a scrolling box (el-scrollbar) that cannot take the
// keyboard's focus: on a narrow screen, where the table scrolls sideways, a keyboard user could
// not scroll it (axe-core: scrollable-region-focusable). A box that does scroll sideways gets
// tabindex 0 and a name; one that fits loses them again (a tab stop that scrolls nothing is
// noise). Checked as tables appear or change and when the window is resized.
const marked = 'data-a11y-scroller'

function mark(): void {
  document.querySelectorAll<HTMLElement>('.el-table .el-scrollbar__wrap').forEach((box) => {
    const scrolls = box.scrollWidth > box.clientWidth
    if (scrolls && !box.hasAttribute('tabindex')) {
      box.setAttribute('tabindex', '0')
      box.setAttribute('role', 'region')
      box.setAttribute('aria-label', '表格内容（可横向滚动）')
      box.setAttribute(marked, '')
    } else if (!scrolls && box.hasAttribute(marked)) {
      box.removeAttribute('tabindex')
      box.removeAttribute('role')
      box.removeAttribute('aria-label')
      box.removeAttribute(marked)
    }
  })
}

export function focusableTableScrollers(): void {
  // Checked straight away (axe-core and keyboard users must not catch a table unmarked); a
  // table's columns are sized through style and width attributes, so those changes count too.
  new MutationObserver(mark).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['style', 'width'] })
  window.addEventListener('resize', mark)
}
