// The flag store moved to lib/flags/. The popup and its components, which are being changed on
// another branch, still import these from here; this re-export goes when they import lib/flags.

export { FLAG_STATUSES, type Flag, type FlagStatus } from '../flags/flag';
