/**
 * Terraform functions keyform does not provide, each with the reason, so a call to one says why rather than
 * just "unknown function". `try` and `can` are part of the language: the evaluator handles them, because their
 * arguments must be evaluated lazily.
 */

/** Evaluated by the expression evaluator, not called with values. */
export const LANGUAGE_FUNCTIONS: ReadonlyMap<string, string> = new Map([
  ['try', 'try(expressions...) evaluates its arguments in order and returns the first that succeeds'],
  ['can', 'can(expression) is true when evaluating the expression succeeds'],
]);

const NOT_REPEATABLE = 'its result changes from one run to the next, so a plan would never settle';
const FILESYSTEM = 'keyform configurations do not read files while they are evaluated';
const NOT_YET = 'keyform does not provide it yet';

/** Terraform function → why keyform leaves it out. */
export const OMITTED_FUNCTIONS: ReadonlyMap<string, string> = new Map([
  ['timestamp', NOT_REPEATABLE],
  ['plantimestamp', NOT_REPEATABLE],
  ['uuid', NOT_REPEATABLE],
  ['bcrypt', `${NOT_REPEATABLE} (a random salt)`],
  ['file', FILESYSTEM],
  ['filebase64', FILESYSTEM],
  ['filebase64sha256', FILESYSTEM],
  ['filebase64sha512', FILESYSTEM],
  ['fileexists', FILESYSTEM],
  ['filemd5', FILESYSTEM],
  ['fileset', FILESYSTEM],
  ['filesha1', FILESYSTEM],
  ['filesha256', FILESYSTEM],
  ['filesha512', FILESYSTEM],
  ['templatefile', FILESYSTEM],
  ['abspath', `${FILESYSTEM} (the result depends on the working directory)`],
  ['pathexpand', `${FILESYSTEM} (the result depends on the home directory)`],
  ['basename', `${NOT_YET}: path functions are only useful with the file functions`],
  ['dirname', `${NOT_YET}: path functions are only useful with the file functions`],
  ['rsadecrypt', 'keyform does not handle private keys in configuration'],
  ['sensitive', 'keyform has no sensitive marks on values; mark an output sensitive instead'],
  ['nonsensitive', 'keyform has no sensitive marks on values'],
  ['issensitive', 'keyform has no sensitive marks on values'],
  ['ephemeralasnull', 'keyform has no ephemeral values'],
  ['type', 'Terraform provides it only in terraform console'],
  ['base64gzip', 'gzip output differs between implementations, so the result would not match Terraform'],
  ['templatestring', NOT_YET],
  ['yamlencode', NOT_YET],
  ['yamldecode', NOT_YET],
  ['csvdecode', NOT_YET],
  ['formatdate', NOT_YET],
  ['timeadd', NOT_YET],
  ['timecmp', NOT_YET],
  ['cidrhost', NOT_YET],
  ['cidrnetmask', NOT_YET],
  ['cidrsubnet', NOT_YET],
  ['cidrsubnets', NOT_YET],
  ['textencodebase64', NOT_YET],
  ['textdecodebase64', NOT_YET],
  ['list', 'Terraform removed it in 0.12; use tolist or a [ … ] list'],
  ['map', 'Terraform removed it in 0.12; use tomap or a { … } object'],
]);
