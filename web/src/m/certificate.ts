// What the certificate pages share: the status in Chinese and the serial as printed.
export const statusName: Record<string, string> = {
  CERTIFICATE_STATUS_VALID: '有效',
  CERTIFICATE_STATUS_REVOKED: '已撤销',
  CERTIFICATE_STATUS_SUPERSEDED: '已更新',
}

// 7KQ2-M9XD-4HTR-Z8C5-N: in groups of four, as printed on the paper.
export function formatSerial(serial: string): string {
  return serial.replace(/(.{4})(?=.)/g, '$1-')
}
