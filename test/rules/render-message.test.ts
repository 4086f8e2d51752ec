import { describe, expect, it } from 'vitest';
import { renderFinding, renderMessage } from '../../src/rules/rule-kind.js';

describe('message templates', () => {
  it('fills each placeholder, spaces inside the braces allowed, the same template many times', () => {
    const t = '{{person}} holds credentials in {{ zones }}.';
    expect(renderMessage(t, { person: 'Ana', zones: 'it and ot' })).toBe('Ana holds credentials in it and ot.');
    expect(renderMessage(t, { person: 'Bo', zones: 3 })).toBe('Bo holds credentials in 3.');
  });

  it('never expands braces that come from the data', () => {
    expect(renderMessage('{{a}} and {{b}}', { a: '{{b}}', b: 'x' })).toBe('{{b}} and x');
  });

  it('leaves text that is not a placeholder as it is', () => {
    expect(renderMessage('no {{ 1x }} here {{', {})).toBe('no {{ 1x }} here {{');
  });

  it('throws when a placeholder has no value, naming it', () => {
    expect(() => renderMessage('{{account}} is disabled', { other: 1 })).toThrow(/has no value for \{\{account\}\}/);
  });

  it('renders a finding with only the fields it was given', () => {
    const f = renderFinding(
      { m: '{{x}}!' },
      { subject: { type: 'person', id: 'p1', name: 'P' }, zones: ['it'], chains: [], messageId: 'm', data: { x: 'hi' } },
    );
    expect(f).toEqual({ subject: { type: 'person', id: 'p1', name: 'P' }, zones: ['it'], chains: [], message: 'hi!', messageId: 'm' });
    expect(Object.keys(f)).not.toContain('details');
    expect(() => renderFinding({}, { ...f, messageId: 'nope' })).toThrow(/not one of the kind's messages/);
  });
});
