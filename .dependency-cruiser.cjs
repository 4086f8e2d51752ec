/**
 * The layers of src/, enforced. Each folder may import only the folders listed for it; anything else
 * is a `not-in-allowed` error. The order (top imports bottom, never the reverse) also rules out cycles
 * between folders. docs/architecture.md draws the same picture.
 *
 *   cli -> review, remediate -> commands (check, baseline, evidence) -> audit -> policy -> rules -> engine
 *       -> correlate -> config -> estate / snapshot / connectors -> model / util
 *   report -> model / util
 * config imports connectors/registry.ts because the `sources:` schema is the union of the connectors'
 * config schemas, as the pack schema is the union of the rule kinds' options; connectors import only
 * model/ and util/, so no cycle can form.
 */
const F = (names) => `^src/(${names.join('|')})(/|\\.ts$|\\.js$)`;
const base = ['model', 'util', 'version'];
const layer = (from, to) => ({ from: { path: F(from) }, to: { path: F([...from, ...to, ...base]) } });

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Modules import each other in a cycle.', from: {}, to: { circular: true } },
    {
      name: 'directory-clients-in-connectors',
      severity: 'error',
      comment: 'Only connectors talk to directories.',
      from: { pathNot: '^src/connectors/' },
      to: { path: 'node_modules/(ldapts|@azure/msal-node)/' },
    },
    { name: 'no-unresolvable', severity: 'error', from: {}, to: { couldNotResolve: true } },
    {
      name: 'no-dev-dependency-in-src',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  allowed: [
    {
      from: {},
      to: { dependencyTypes: ['core', 'npm', 'npm-dev', 'type-only'] },
      comment: 'Packages are governed by the forbidden rules.',
    },
    { from: { path: '^src/index\\.ts$' }, to: { path: '^src/' } },
    layer(
      ['cli'],
      [
        'remediate',
        'review',
        'baseline',
        'check',
        'evidence',
        'audit',
        'policy',
        'rules',
        'engine',
        'correlate',
        'config',
        'connectors',
        'estate',
        'snapshot',
        'report',
      ],
    ),
    layer(
      ['baseline', 'check', 'evidence'],
      ['audit', 'policy', 'rules', 'engine', 'correlate', 'config', 'connectors', 'estate', 'snapshot', 'report'],
    ),
    layer(['review'], ['audit', 'rules', 'engine', 'correlate', 'config', 'connectors', 'estate', 'snapshot', 'report']),
    layer(['remediate'], ['check', 'audit', 'policy', 'rules', 'engine', 'correlate', 'config', 'estate']),
    layer(['audit'], ['policy', 'rules', 'engine', 'correlate', 'config', 'connectors', 'estate', 'snapshot', 'report']),
    layer(['policy'], ['rules', 'engine', 'correlate', 'config', 'estate']),
    layer(['rules'], ['engine', 'correlate', 'config', 'estate']),
    layer(['engine'], ['correlate', 'config', 'estate']),
    layer(['correlate'], ['config', 'estate']),
    layer(['config'], ['connectors', 'estate']),
    layer(['estate', 'snapshot'], []),
    layer(['connectors'], []),
    layer(['report'], []),
    layer(['model', 'util', 'version'], []),
    { from: { path: '^(test|bench)/' }, to: {} },
  ],
  allowedSeverity: 'error',
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js'],
    },
    moduleSystems: ['es6'],
    exclude: { path: '^dist/' },
  },
};
