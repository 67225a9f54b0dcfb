/** Files behind the token (the statistics CSV, a certificate's PDF): fetched, then handed to the browser as a download. */
import { ApiError, bearer } from '../common/api';
import { h } from '../common/dom';
import { expire, failed, flash, store } from './context';
import { t } from './texts';

export function download(path: string, fallbackName: string, done: string): void {
  fetch(path, { headers: { authorization: bearer(store) }, credentials: 'omit', cache: 'no-store' })
    .then((res) => {
      if (!res.ok) {
        return res
          .json()
          .catch(() => null)
          .then((body: unknown) => {
            if (res.status === 401) expire(t('expired'));
            throw new ApiError(res.status, body);
          });
      }
      const disposition = res.headers.get('content-disposition') || '';
      const name = /filename="([^"]+)"/.exec(disposition);
      return res.blob().then((blob) => {
        const url = URL.createObjectURL(blob);
        const link = h('a', { download: name ? name[1] : fallbackName });
        link.href = url;
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
        flash(done);
      });
    })
    .catch(failed);
}
