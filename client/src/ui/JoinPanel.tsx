import { t } from '../i18n/i18n.ts';
import { useEffect, useState } from 'react';
import { formatJoinCode } from '@tributary/shared/joinCode';
import { Button } from './Button.tsx';

export interface JoinPanelProps {
  joinCode: string;
  joinLink: string;
  /** Smaller, for a side panel; the presenter uses the full size. */
  compact?: boolean;
}

/**
 * How people get in: the code to type (big, in two groups of three, easy to read aloud),
 * the link, and a QR code of the link. The QR library is loaded only where one is shown, never on phones.
 */
export function JoinPanel({ joinCode, joinLink, compact = false }: JoinPanelProps) {
  const [copied, setCopied] = useState<'' | 'copied' | 'failed'>('');
  const formatted = formatJoinCode(joinCode);
  const spoken = formatted.replace(/\s+/g, '').split('').join(' ');
  const shortLink = joinLink.replace(/^https?:\/\//, '');

  const svg = useQrCode(joinLink);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(''), 4000);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(joinLink);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  };

  return (
    <section className={`join-panel${compact ? ' join-panel--compact' : ''}`} aria-label={t('board.howToJoin')}>
      <div className="join-panel__text">
        <p className="join-panel__label">{t('board.toJoinGoTo')}</p>
        <p className="join-panel__link" dir="ltr">
          <a href={joinLink}>{shortLink.replace(/\/join\/.*$/, '/join')}</a>
        </p>
        <p className="join-panel__label">{t('board.andTypeTheCode')}</p>
        <div className="join-panel__code-box">
          <p className="join-panel__code" dir="ltr" aria-label={t('board.codeSpoken', { code: spoken })}>
            {formatted}
          </p>
        </div>
        <div className="join-panel__actions">
          <Button variant="secondary" onClick={copy}>
            {t('board.copyJoinLink')}
          </Button>
          <span className="join-panel__copied" role="status">
            {copied === 'copied' ? t('board.linkCopied') : copied === 'failed' ? t('board.couldNotCopyLink', { link: joinLink }) : ''}
          </span>
        </div>
      </div>
      <div className="join-panel__qr">
        {svg ? (
          <div className="join-panel__qr-image" role="img" aria-label={t('board.qrLabel')} dangerouslySetInnerHTML={{ __html: svg }} />
        ) : (
          <div className="join-panel__qr-image join-panel__qr-image--empty" aria-hidden="true" />
        )}
        <p className="join-panel__qr-hint">{t('board.orScan')}</p>
      </div>
    </section>
  );
}

export default JoinPanel;

/**
 * A QR code of `link` as SVG markup, or null while it is made (or if it could not be: the code
 * and the link still work without it). The QR library is loaded only where one is shown, never
 * on a phone. It lives here, not in a file of its own, so the build makes no extra chunk whose
 * name every first load would carry.
 */
export function useQrCode(link: string): string | null {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    setSvg(null);
    if (!link) return;
    import('qrcode')
      .then(({ default: QRCode }) => QRCode.toString(link, { type: 'svg', margin: 1, errorCorrectionLevel: 'M', color: { dark: '#1B1B1B', light: '#FFFFFF' } }))
      .then((markup) => {
        if (!cancelled) setSvg(markup);
      })
      .catch(() => {
        /* without a QR code the code and link still work */
      });
    return () => {
      cancelled = true;
    };
  }, [link]);
  return svg;
}
