import { useEffect, useState } from 'react';

/**
 * A QR code of `link` as SVG markup, or null while it is made (or if it could not be: the code
 * and the link still work without it). The QR library is loaded only where one is shown, never
 * on a phone.
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
