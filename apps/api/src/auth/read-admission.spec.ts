import { ReadAdmission, ReadRefused } from './read-admission.js';

describe('ReadAdmission', () => {
  it('lets a key have its share in flight, queues a few more, and refuses the rest at once', async () => {
    const admission = new ReadAdmission(2, 1, 10_000);
    const first = await admission.enter('rita');
    await admission.enter('rita');
    const queued = admission.enter('rita');
    await expect(admission.enter('rita')).rejects.toEqual(new ReadRefused('queue-full'));
    // Another key is not affected by rita's burst.
    await expect(admission.enter('bob')).resolves.toBeInstanceOf(Function);
    first();
    await expect(queued).resolves.toBeInstanceOf(Function);
  });

  it('refuses a read that waited too long for a slot, and forgets it', async () => {
    const admission = new ReadAdmission(1, 5, 30);
    const only = await admission.enter('rita');
    await expect(admission.enter('rita')).rejects.toEqual(new ReadRefused('waited-too-long'));
    only();
    // The slot is free again, and the timed-out waiter did not take it.
    const next = await admission.enter('rita');
    next();
  });

  it('gives a slot back once however often its release is called', async () => {
    const admission = new ReadAdmission(1, 0, 10);
    const release = await admission.enter('rita');
    release();
    release();
    const again = await admission.enter('rita');
    await expect(admission.enter('rita')).rejects.toEqual(new ReadRefused('queue-full'));
    again();
  });
});
