// The completion scripts and the help are generated from, or checked against, the tables that
// drive the program: the flag table (options.ts), the key table (ui/keymap.ts), the `:`
// commands (ui/commands.ts) and the demo's scenarios.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FLAGS, helpText } from '../../src/options.js';
import { completionScript, valueKind, SHELLS } from '../../src/run/completion.js';
import { actionFor } from '../../src/ui/keymap.js';
import { candidates } from '../../src/ui/commands.js';
import { scenarioNames } from '../../demo/scenarios/index.js';

test('completion: every shell script names every flag, and the commands kevtui and kubectl-kevtui', () => {
  for (const shell of SHELLS) {
    const script = completionScript(shell);
    for (const f of FLAGS) {
      const spelled = shell === 'fish' ? `-l ${f.name}` : `--${f.name}`;
      assert.ok(script.includes(spelled), `${shell}: --${f.name}`);
      if (f.short) assert.ok(script.includes(shell === 'fish' ? `-s ${f.short}` : `-${f.short}`), `${shell}: -${f.short}`);
    }
    assert.match(script, /kubectl-kevtui/, shell);
  }
});

test('completion: contexts and namespaces come from kevtui __complete, files from the shell, fixed values from the table', () => {
  const kind = (name: string) => valueKind(FLAGS.find((f) => f.name === name)!);
  assert.deepEqual(kind('context'), { dynamic: 'contexts' });
  assert.deepEqual(kind('namespace'), { dynamic: 'namespaces' });
  assert.deepEqual(kind('kubeconfig'), { files: true });
  assert.deepEqual(kind('stats'), { files: true });
  assert.deepEqual(kind('output'), { words: ['wide', 'json'] });
  assert.deepEqual(kind('api'), { words: ['auto', 'core', 'events'] });
  assert.deepEqual(kind('scenario'), { words: [...scenarioNames].sort() });
  assert.equal(kind('demo'), undefined);
  for (const shell of SHELLS) assert.match(completionScript(shell), /__complete/, shell);
});

test('completion: a flag description with quotes or colons cannot break the zsh or fish quoting', () => {
  // "the context's" (an apostrophe) and "default: $KUBECONFIG" (a colon) are in the table.
  assert.match(completionScript('zsh'), /the context'\\''s/);
  assert.match(completionScript('zsh'), /default\\: \$KUBECONFIG/);
  assert.match(completionScript('fish'), /the context\\'s/);
});

test('help: names every : command and every full-screen key it lists', () => {
  const help = helpText('monitor');
  for (const word of candidates('', { namespaces: [], contexts: [] })) {
    assert.match(help, new RegExp(`:${word === 'quit' ? 'q' : word}\\b`), `:${word}`);
  }
  const screen = help.slice(help.indexOf('In the full screen'), help.indexOf('Environment:'));
  const keys = ['j', 'k', 'up', 'down', '/', 'enter', 'space', 's', 'w', 'W', 'f', 'T', 'o', 'O', 't', 'n', 'r', 'c', 'q', ':', '?'];
  for (const k of keys) assert.ok(actionFor('table', k), `${k} is a table key`);
  for (const k of ['j/k', '/ filter', 'enter details', 'space pause', 's sort', 'W wide', 'T summary', 'c copy', 'q quit', 'press ?']) assert.ok(screen.includes(k), k);
  assert.match(help, /kevtui completion bash\|zsh\|fish/);
  assert.match(help, /kubectl kevtui/);
});
