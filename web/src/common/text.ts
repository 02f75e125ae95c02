// What the services accept in a one-line text, shared by both sites' forms.

// The services refuse control characters (a tab aside) in names, titles and the like.
export const hasControl = (value: string): boolean => [...value].some((c) => c.charCodeAt(0) < 0x20 && c !== '\t')

// A line break is a control character to the services: lines are joined with a space.
export const joinLines = (value: string): string => value.replace(/\s*[\r\n]+\s*/g, ' ').trim()
