// Vant 4 draws a popup's dimmed backdrop as role="button" (a tap closes the popup) without an
// accessible name, and has no prop for one; screen readers would announce a nameless button.
// Every such backdrop gets the name 关闭 as it appears.
export function nameVantOverlays(): void {
  const name = () =>
    document.querySelectorAll('.van-overlay[role="button"]:not([aria-label])').forEach((overlay) => overlay.setAttribute('aria-label', '关闭'))
  new MutationObserver(name).observe(document.body, { childList: true, subtree: true })
}
