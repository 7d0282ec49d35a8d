export function startBackground() {}
