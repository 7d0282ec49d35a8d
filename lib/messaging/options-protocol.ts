// Messages of the options page (privileged `ui` channel), merged into uiProtocol.
// Every entry here needs its one handler in lib/background/options-handlers.ts.
export const optionsProtocol = {};
