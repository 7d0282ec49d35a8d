import type { Plugin } from 'vite';

// zod compiles a fast parser for object schemas with `new Function`, and probes whether it may
// with a caught `new Function("")` the first time a schema parses. An extension page's CSP forbids
// both (Chrome reports the probe as a CSP violation), and Firefox's add-on linter flags the probe
// as DANGEROUS_EVAL. zod's own switch for this is `z.config({ jitless: true })`; it has to run
// before any schema parses, in every bundle. This plugin sets it where zod creates its config (so
// nothing can parse first) and drops the probe from the shipped code, which the switch alone
// cannot do (the linter reads the code, not the setting).

/** The source edits, each with the exact text it expects: a zod upgrade that changes it fails the build. */
export const ZOD_JITLESS_EDITS: readonly { file: RegExp; find: RegExp; replace: string }[] = [
  {
    file: /[\\/]zod[\\/]v4[\\/]core[\\/]core\.js$/,
    find: /^export const globalConfig = globalThis\.__zod_globalConfig;$/m,
    replace: 'export const globalConfig = globalThis.__zod_globalConfig;\nglobalConfig.jitless = true;',
  },
  {
    file: /[\\/]zod[\\/]v4[\\/]core[\\/]util\.js$/,
    find: /^export const allowsEval = \/\* @__PURE__\*\/ cached\(\(\) => \{\n[\s\S]*?\n\}\);$/m,
    replace: 'export const allowsEval = /* @__PURE__*/ cached(() => false);',
  },
];

/** Applies the edit for `id`, if any; throws when the expected text is not there. */
export function applyZodJitless(code: string, id: string): string | undefined {
  const edit = ZOD_JITLESS_EDITS.find((e) => e.file.test(id));
  if (!edit) return undefined;
  if (!edit.find.test(code)) {
    throw new Error(`zod-jitless: ${id} no longer has the text this plugin edits (${edit.find}); update it.`);
  }
  return code.replace(edit.find, edit.replace);
}

/** Vite plugin: zod in jitless mode in every bundle, without the `new Function` probe. */
export function zodJitless(): Plugin {
  return {
    name: 'netra:zod-jitless',
    enforce: 'pre',
    transform(code, id) {
      const edited = applyZodJitless(code, id);
      return edited === undefined ? null : { code: edited, map: null };
    },
  };
}
