export function startContentScript(_s: string, _c: unknown) {}
