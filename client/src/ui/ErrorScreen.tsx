import { t } from '../i18n/i18n.ts';
import type { ReactNode } from 'react';
import { linkProps } from './navigation.ts';

export interface ErrorScreenProps {
  title: string;
  message?: ReactNode;
  /** Where to go from here; defaults to the join page. */
  action?: { label: string; href: string } | null;
  children?: ReactNode;
}

/** A whole-page message when something cannot go on, always with a way forward. */
export function ErrorScreen({ title, message, action = { label: t('common.joinARoom'), href: '/join' }, children }: ErrorScreenProps) {
  return (
    <main className="page page--narrow error-screen" id="main">
      <h1>{title}</h1>
      {message && <p className="lead">{message}</p>}
      {children}
      {action && (
        <p>
          <a className="btn btn--primary btn--block" {...linkProps(action.href)}>
            {action.label}
          </a>
        </p>
      )}
    </main>
  );
}

export default ErrorScreen;
