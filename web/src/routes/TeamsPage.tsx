import {
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { ErrorAlert } from '../components/ErrorAlert';

type Team = components['schemas']['TeamResponseDto'];
type Staff = components['schemas']['StaffResponseDto'];

/** Every staff account, page after page (a broker's office has tens, not thousands). */
async function allStaff(): Promise<Staff[]> {
  const all: Staff[] = [];
  let cursor: string | undefined;
  do {
    const page = await unwrap(api.GET('/api/staff', { params: { query: { limit: 200, cursor } } }));
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

export function useTeams() {
  return useQuery({
    queryKey: ['teams'],
    queryFn: () => unwrap(api.GET('/api/teams')),
  });
}

/** Teams (portfolios) for administrators: create them and choose who works in each. */
export function TeamsPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const teams = useTeams();
  const staff = useQuery({ queryKey: ['staff', 'all'], queryFn: allStaff });
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/api/teams', { body: { name: name.trim() } })),
    onSuccess: async () => {
      setName('');
      await queryClient.invalidateQueries({ queryKey: ['teams'] });
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate();
  }

  return (
    <Stack>
      <Title order={1}>{t('teams.title')}</Title>
      <form onSubmit={submit} aria-label={t('teams.create')}>
        <Group align="flex-end">
          <TextInput
            label={t('teams.name')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Button type="submit" loading={create.isPending}>
            {t('teams.create')}
          </Button>
        </Group>
      </form>
      <ErrorAlert error={create.error ?? teams.error ?? staff.error} />
      {teams.isPending && <Text>{t('app.loading')}</Text>}
      {teams.data?.items.length === 0 && <Text>{t('teams.empty')}</Text>}
      {teams.data?.items.map((team) => (
        <TeamCard key={team.id} team={team} staff={staff.data ?? []} />
      ))}
    </Stack>
  );
}

function TeamCard({ team, staff }: { team: Team; staff: Staff[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [picked, setPicked] = useState<string | null>(null);
  const byId = new Map(staff.map((s) => [s.id, s]));
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['teams'] });
  const add = useMutation({
    mutationFn: (staffId: string) =>
      unwrap(api.POST('/api/teams/{id}/members', { params: { path: { id: team.id } }, body: { staffId } })),
    onSuccess: async () => {
      setPicked(null);
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (staffId: string) =>
      unwrap(api.DELETE('/api/teams/{id}/members/{staffId}', { params: { path: { id: team.id, staffId } } })),
    onSuccess: refresh,
  });
  const candidates = staff.filter((s) => s.active && !team.members.includes(s.id));

  return (
    <Paper withBorder p="md" data-testid="team" data-team={team.name}>
      <Title order={2} size="h3">
        {team.name}
      </Title>
      <Text size="sm" c="dimmed">
        {t('teams.members', { count: team.members.length })}
      </Text>
      {team.members.length > 0 && (
        <Table mt="xs" withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('teams.member')}</Table.Th>
              <Table.Th>{t('teams.role')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('teams.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {team.members.map((id) => {
              const s = byId.get(id);
              const label = s ? `${s.fullName} (${s.email})` : id;
              return (
                <Table.Tr key={id}>
                  <Table.Td>{label}</Table.Td>
                  <Table.Td>{s ? t(`roles.${s.role}`) : '—'}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="outline"
                      color="red.9"
                      aria-label={t('teams.removeMember', { name: label, team: team.name })}
                      loading={remove.isPending && remove.variables === id}
                      onClick={() => remove.mutate(id)}
                    >
                      {t('teams.remove')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      <Group align="flex-end" mt="sm">
        <Select
          label={t('teams.addMemberTo', { team: team.name })}
          placeholder={t('teams.pickStaff')}
          searchable
          value={picked}
          onChange={setPicked}
          data={candidates.map((s) => ({
            value: s.id,
            label: `${s.fullName} (${s.email}) · ${t(`roles.${s.role}`)}`,
          }))}
        />
        <Button disabled={!picked} loading={add.isPending} onClick={() => picked && add.mutate(picked)}>
          {t('teams.add')}
        </Button>
      </Group>
      <ErrorAlert error={add.error ?? remove.error} />
    </Paper>
  );
}
