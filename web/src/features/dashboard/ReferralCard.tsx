import { useState } from 'react';
import { Input, Label, TextField } from 'react-aria-components';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useReferrals } from './useDashboard.ts';

/** Zero in the reward's currency (`£0.00`): what the credit reads before a first conversion. */
const nothingIn = (currency: string) => new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(0);

/** The workspace's referral link, and the sign-ups and paying workspaces it brought. */
export function ReferralCard({ workspace }: { workspace: string | null }) {
  const referrals = useReferrals(workspace);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const r = referrals.data;

  async function copy(link: string) {
    try {
      await navigator.clipboard.writeText(link);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }

  return (
    <Card title="Invite other businesses">
      {referrals.isPending && <p className="lq-muted">Loading…</p>}
      {referrals.isError && <Notice tone="danger">{referrals.error.message}</Notice>}
      {r && (
        <>
          <p className="lq-muted">
            {r.reward
              ? `Share your link: when a workspace that signs up through it pays its first invoice, you get ${r.reward.display} of credit.`
              : 'Share your link: workspaces that sign up through it are counted here.'}
          </p>
          <div className="lq-copy-row">
            <TextField className="lq-field" value={r.link} isReadOnly>
              <Label>Your referral link</Label>
              <Input className="lq-mono" onFocus={(event) => event.currentTarget.select()} />
            </TextField>
            <Button variant="secondary" onPress={() => void copy(r.link)}>
              Copy link
            </Button>
          </div>
          {copied === 'yes' && <Notice tone="success">Link copied.</Notice>}
          {copied === 'failed' && <Notice tone="info">The browser did not allow copying: select the link and copy it yourself.</Notice>}
          <dl className="lq-figures" aria-label="Referrals">
            <div>
              <dt>Sign-ups</dt>
              <dd>{r.signups.toLocaleString()}</dd>
            </div>
            <div>
              <dt>Paying</dt>
              <dd>{r.conversions.toLocaleString()}</dd>
            </div>
            <div>
              <dt>Credit earned</dt>
              <dd>{r.earned.length > 0 ? r.earned.map((e) => e.display).join(' + ') : r.reward ? nothingIn(r.reward.currency) : '—'}</dd>
            </div>
          </dl>
          {r.signups === 0 && <p className="lq-muted">No sign-ups through your link yet.</p>}
        </>
      )}
    </Card>
  );
}
