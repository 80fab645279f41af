import { formatDate } from '../../../platform/i18n/dates.ts';
import type { T } from '../../../platform/i18n/index.ts';
import { CsrfField, ListTable } from '../../../platform/views/forms.tsx';
import { formatCertificateNumber } from '../rules.ts';
import type { DeviceRow } from '../service/context.ts';

export function DevicesPage(props: {
  t: T;
  lang: string;
  csrfToken: string;
  devices: DeviceRow[];
  currentDeviceId: string;
  canLink: boolean;
  message?: string | undefined;
  error?: string | undefined;
}) {
  const { t } = props;
  const activeCount = props.devices.filter((d) => !d.revokedAt).length;
  return (
    <>
      <h1>{t('identity.devices.title')}</h1>
      {props.message ? (
        <p class="notice notice-success" role="status">
          {props.message}
        </p>
      ) : null}
      {props.error ? (
        <p class="error-summary" role="alert">
          {props.error}
        </p>
      ) : null}
      <p>{t('identity.devices.intro')}</p>
      <ListTable
        label={t('identity.devices.title')}
        columns={[
          t('identity.devices.kind'),
          t('identity.devices.certificate'),
          t('identity.devices.created'),
          t('identity.devices.lastUsed'),
          t('identity.devices.status'),
          <span class="visually-hidden">{t('identity.devices.revoke')}</span>,
        ]}
      >
        {props.devices.map((device) => {
          const kind = t(`identity.device.${device.label}`);
          const number = formatCertificateNumber(device.certificateNumber);
          return (
            <tr key={device.id}>
              <td>{kind}</td>
              <td class="mono nowrap">{number}</td>
              <td>{formatDate(props.lang, device.createdAt, 'dateTime')}</td>
              <td>
                {device.lastUsedAt
                  ? formatDate(props.lang, device.lastUsedAt, 'dateTime')
                  : t('identity.devices.never')}
              </td>
              <td>
                {device.revokedAt ? t('identity.devices.revoked') : t('identity.devices.active')}
                {device.id === props.currentDeviceId ? (
                  <span class="hint">{t('identity.devices.inUse')}</span>
                ) : null}
              </td>
              <td>
                {!device.revokedAt && activeCount > 1 ? (
                  <form method="post" action={`/devices/${device.id}/revoke`}>
                    <CsrfField token={props.csrfToken} />
                    <button
                      type="submit"
                      class="button-link"
                      aria-label={t('identity.devices.revokeLabel', { kind, number })}
                    >
                      {t('identity.devices.revoke')}
                    </button>
                  </form>
                ) : null}
              </td>
            </tr>
          );
        })}
      </ListTable>
      <section aria-labelledby="link-device">
        <h2 id="link-device">{t('identity.devices.addTitle')}</h2>
        {props.canLink ? (
          <ul class="link-options">
            <li>
              <form method="post" action="/devices/token">
                <CsrfField token={props.csrfToken} once />
                <button type="submit" class="button button-outline">
                  {t('identity.devices.addToken')}
                </button>
              </form>
            </li>
            <li>
              <a class="button button-outline" href="/devices/passkey?device=mobile">
                {t('identity.devices.addPasskey')}
              </a>
            </li>
            <li>
              <a class="button button-outline" href="/devices/passkey?device=security_key">
                {t('identity.devices.addSecurityKey')}
              </a>
            </li>
            <li>
              <a class="button button-outline" href="/devices/certificate">
                {t('identity.devices.addCertificate')}
              </a>
            </li>
          </ul>
        ) : (
          <>
            <p>{t('identity.devices.reauth')}</p>
            <a class="button" href="/logon?next=/devices">
              {t('identity.devices.reauthButton')}
            </a>
          </>
        )}
      </section>
      <section>
        <form method="post" action="/logout/all">
          <CsrfField token={props.csrfToken} />
          <button type="submit" class="button-link">
            {t('identity.devices.logOutAll')}
          </button>
        </form>
      </section>
    </>
  );
}
