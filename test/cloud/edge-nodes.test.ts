import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { registerAccount, setupEvent } from '../helpers/factories.ts';
import { eventually } from '../helpers/processes.ts';
import { expectErrorBody, rawRequest, scanRow } from './support.ts';

let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(async () => {
  await cloud?.close();
});

/** Every sync route, called with `token`: all must answer alike (200 for a live token, 401 otherwise). */
async function syncRoutes(nodeId: string, token: string) {
  const heartbeat = {
    sentAt: new Date().toISOString(),
    manifest: { cursor: '', syncedAt: null, tickets: 0 },
    upload: { lastSeq: 0, ackedSeq: 0 },
    clock: { offsetMs: null, boundMs: 2000 },
    peers: [],
  };
  return {
    manifest: await rawRequest(cloud, 'GET', '/sync/manifest', { token }),
    wait: await rawRequest(cloud, 'GET', '/sync/wait?timeoutMs=0', { token }),
    heartbeat: await rawRequest(cloud, 'POST', '/sync/heartbeat', { token, json: heartbeat }),
    scans: await rawRequest(cloud, 'POST', '/sync/scans', {
      token,
      json: { nodeId, scans: [scanRow(1, { decision: 'reject', reason: 'malformed' })] },
    }),
  };
}

describe('one edge node: GET, PATCH, DELETE (revoke), rotate-token', () => {
  it('a member reads one node without its token; a manager renames it and the gate learns the name', async () => {
    const setup = await setupEvent(cloud.api, { publish: false });
    const staff = await registerAccount(cloud.api, 'Staff');
    await setup.promoter.api.post(`/organizations/${setup.orgId}/members`, {
      email: staff.user.email,
      role: 'STAFF',
    });
    const got = await rawRequest(cloud, 'GET', `/edge-nodes/${setup.node.id}`, { token: staff.accessToken });
    expect(got.status).toBe(200);
    expect(got.body).toEqual({
      id: setup.node.id,
      venueId: setup.venueId,
      name: 'Gate A',
      ackedSeq: 0,
      lastSeenAt: null,
      heartbeatAt: null,
      revokedAt: null,
      createdAt: expect.any(String),
    });
    expect(got.text).not.toContain(setup.node.token.split('.')[1]);

    const renamed = await rawRequest(cloud, 'PATCH', `/edge-nodes/${setup.node.id}`, {
      token: setup.promoter.accessToken,
      json: { name: '  North gate  ' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('North gate');
    const manifest = await cloud.api.as(setup.node.token).get('/sync/manifest');
    expect(manifest.node.name).toBe('North gate');
    const blank = await rawRequest(cloud, 'PATCH', `/edge-nodes/${setup.node.id}`, {
      token: setup.promoter.accessToken,
      json: { name: ' ' },
    });
    expect(expectErrorBody(blank, 400, 'BAD_REQUEST').message).toMatch(/^name: /);
  });

  it('rotating the token: the old one is refused at once on every sync route, the new one works and is shown once', async () => {
    const setup = await setupEvent(cloud.api, { publish: false });
    const before = await syncRoutes(setup.node.id, setup.node.token);
    for (const res of Object.values(before)) expect(res.status, res.text).toBe(200);

    const rotated = await rawRequest(cloud, 'POST', `/edge-nodes/${setup.node.id}/rotate-token`, {
      token: setup.promoter.accessToken,
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body).toEqual({
      id: setup.node.id,
      venueId: setup.venueId,
      name: 'Gate A',
      token: expect.stringMatching(new RegExp(`^${setup.node.id}\\.`)),
    });
    const fresh = rotated.body.token as string;
    expect(fresh).not.toBe(setup.node.token);

    for (const res of Object.values(await syncRoutes(setup.node.id, setup.node.token)))
      expectErrorBody(res, 401, 'UNAUTHORIZED');
    for (const res of Object.values(await syncRoutes(setup.node.id, fresh)))
      expect(res.status, res.text).toBe(200);
    // Shown once: neither the node nor the list shows it again.
    for (const path of [`/edge-nodes/${setup.node.id}`, `/venues/${setup.venueId}/edge-nodes`]) {
      const res = await rawRequest(cloud, 'GET', path, { token: setup.promoter.accessToken });
      expect(res.text).not.toContain(fresh.split('.')[1]);
    }
  });

  it('revoking: refused at once on every sync route, a held long-poll ends now, shown revoked; rotation cannot revive it', async () => {
    const setup = await setupEvent(cloud.api, { publish: false });
    const { cursor } = await cloud.api.as(setup.node.token).get('/sync/manifest');
    // The edge's long-poll, open while the node is revoked, answers at once instead of at its timeout.
    const held = cloud.api
      .as(setup.node.token)
      .get(`/sync/wait?cursor=${encodeURIComponent(cursor)}&timeoutMs=50000`);
    await eventually(() => (cloud.deps.wakeups.waiting > 0 ? true : undefined), 'the long-poll is waiting');

    const del = () =>
      rawRequest(cloud, 'DELETE', `/edge-nodes/${setup.node.id}`, { token: setup.promoter.accessToken });
    expect((await del()).status).toBe(204);
    expect(await held).toEqual({ changed: true });

    for (const res of Object.values(await syncRoutes(setup.node.id, setup.node.token)))
      expect(expectErrorBody(res, 401, 'UNAUTHORIZED').message).toMatch(
        /^this edge node was revoked at \S+: register a new edge node/,
      );
    const got = await setup.promoter.api.get(`/edge-nodes/${setup.node.id}`);
    expect(got.revokedAt).toEqual(expect.any(String));
    expect((await del()).status).toBe(204);
    expect((await setup.promoter.api.get(`/edge-nodes/${setup.node.id}`)).revokedAt).toBe(got.revokedAt);
    const listed = await setup.promoter.api.get(`/venues/${setup.venueId}/edge-nodes`);
    expect(listed.data[0]).toMatchObject({ id: setup.node.id, revokedAt: got.revokedAt });

    const status = await setup.promoter.api.get(`/venues/${setup.venueId}/sync-status`);
    expect(status.nodes[0]).toMatchObject({ nodeId: setup.node.id, revokedAt: got.revokedAt, problems: [] });
    expect(status.needsAttention).toBe(false);

    const revive = await rawRequest(cloud, 'POST', `/edge-nodes/${setup.node.id}/rotate-token`, {
      token: setup.promoter.accessToken,
    });
    expect(expectErrorBody(revive, 409, 'CONFLICT').message).toMatch(/register a new edge node/);
    for (const res of Object.values(await syncRoutes(setup.node.id, setup.node.token)))
      expect(res.status).toBe(401);
  });

  it('STAFF may read but not change; another organization and strangers get 404; no token is 401', async () => {
    const setup = await setupEvent(cloud.api, { publish: false });
    const staff = await registerAccount(cloud.api, 'Staff');
    await setup.promoter.api.post(`/organizations/${setup.orgId}/members`, {
      email: staff.user.email,
      role: 'STAFF',
    });
    const other = await setupEvent(cloud.api, { publish: false });
    const stranger = await registerAccount(cloud.api, 'Stranger');
    const base = `/edge-nodes/${setup.node.id}`;
    const calls: [string, string, unknown?][] = [
      ['PATCH', base, { name: 'Mine now' }],
      ['DELETE', base],
      ['POST', `${base}/rotate-token`],
    ];
    for (const [method, path, json] of calls) {
      const opts = (token?: string) => ({ token, ...(json ? { json } : {}) });
      expectErrorBody(await rawRequest(cloud, method, path, opts(staff.accessToken)), 403, 'FORBIDDEN');
      for (const outsider of [other.promoter, stranger])
        expectErrorBody(await rawRequest(cloud, method, path, opts(outsider.accessToken)), 404, 'NOT_FOUND');
      expectErrorBody(await rawRequest(cloud, method, path, opts()), 401, 'UNAUTHORIZED');
    }
    for (const outsider of [other.promoter, stranger])
      expectErrorBody(
        await rawRequest(cloud, 'GET', base, { token: outsider.accessToken }),
        404,
        'NOT_FOUND',
      );
    expectErrorBody(
      await rawRequest(cloud, 'GET', '/edge-nodes/no-such-node', { token: setup.promoter.accessToken }),
      404,
      'NOT_FOUND',
    );
    // Nothing changed: the node syncs under its name with its token.
    const manifest = await cloud.api.as(setup.node.token).get('/sync/manifest');
    expect(manifest.node.name).toBe('Gate A');
  });
});
