import { Alert, Button, Container, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { session } from '../api/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { queryClient } from '../query';

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const form = useForm({ initialValues: { email: '', password: '' } });
  const login = useMutation({
    mutationFn: async (values: { email: string; password: string }) => {
      const tokens = await unwrap(api.POST('/api/auth/login', { body: values }));
      session.setTokens(tokens.accessToken, tokens.refreshToken);
      const me = await unwrap(api.GET('/api/auth/me'));
      queryClient.clear();
      session.setPurpose(null);
      session.setMe(me);
      return { me, passwordChangeRequired: tokens.passwordChangeRequired };
    },
    onSuccess: ({ passwordChangeRequired }) => {
      if (!passwordChangeRequired) void navigate({ to: '/cel' });
    },
  });

  return (
    <Container size={420} py="xl" component="main">
      <Stack>
        <LanguageSwitch />
        <Title order={1}>{t('login.title')}</Title>
        <Paper withBorder p="lg" radius="md">
          <form onSubmit={form.onSubmit((values) => login.mutate(values))} noValidate>
            <Stack>
              <TextInput
                label={t('login.email')}
                type="email"
                autoComplete="username"
                required
                {...form.getInputProps('email')}
              />
              <PasswordInput
                label={t('login.password')}
                autoComplete="current-password"
                required
                {...form.getInputProps('password')}
              />
              <ErrorAlert error={login.error} />
              {login.data?.passwordChangeRequired && (
                <Alert color="orange" role="alert">
                  {t('login.passwordChangeRequired')}
                </Alert>
              )}
              <Button type="submit" loading={login.isPending}>
                {t('login.submit')}
              </Button>
            </Stack>
          </form>
        </Paper>
      </Stack>
    </Container>
  );
}
