import { passwordProblem } from './password-policy';

describe('password policy', () => {
  it('accepts a long password of one’s own', () => {
    expect(passwordProblem('Jarzębinowa-ścieżka-9', 'anna.nowak@example.com')).toBeNull();
  });

  it('refuses fewer than 12 characters, counting characters rather than bytes', () => {
    expect(passwordProblem('abcdefghijk', 'a@example.com')).toMatch(/12 characters/);
    expect(passwordProblem('żółćżółćżół', 'a@example.com')).toMatch(/12 characters/);
    expect(passwordProblem('żółćżółćżółć', 'a@example.com')).toBeNull();
  });

  it('refuses the e-mail address and its part before @, whatever the case', () => {
    expect(passwordProblem('Anna.Nowak@Example.com', 'anna.nowak@example.com')).toMatch(/e-mail/);
    expect(passwordProblem('anna.nowak.biuro', 'anna.nowak.biuro@example.com')).toMatch(/e-mail/);
  });

  it('refuses passwords on the shipped list of common ones, whatever the case', () => {
    for (const common of ['qwertyuiop123', 'QWERTYUIOP123', '123456789012', 'passwordpassword']) {
      expect([common, passwordProblem(common, 'a@example.com')]).toEqual([
        common,
        expect.stringMatching(/commonly used/),
      ]);
    }
  });
});
