/**
 * The community picker, quicker with JavaScript: the search shows its matches as one types,
 * without leaving the page. It asks the server for the same GET page the search button would
 * open and takes that page's results list, so the matching stays on the server (a cheap phone
 * never downloads the city's 3,878 areas) and the page works the same without this script.
 * Results are moved in as parsed nodes of a page from this origin; nothing is built from text.
 */
const input = document.getElementById('pick-q') as HTMLInputElement | null;
const results = document.getElementById('pick-results');
const form = input?.form;

if (input && results && form) {
  let timer: number | undefined;
  let latest = 0;
  const search = () => {
    const q = input.value.trim();
    if (!q) return;
    const url = new URL(form.action, location.href);
    for (const element of Array.from(form.elements)) {
      const named = element as HTMLInputElement;
      if (named.name) url.searchParams.set(named.name, named.value);
    }
    const asked = ++latest;
    fetch(url.toString(), { headers: { accept: 'text/html' }, credentials: 'same-origin' })
      .then((res) => (res.ok ? res.text() : Promise.reject(new Error(String(res.status)))))
      .then((page) => {
        // A slower, older answer never replaces a newer one.
        if (asked !== latest) return;
        const fresh = new DOMParser().parseFromString(page, 'text/html').getElementById('pick-results');
        if (fresh) results.replaceChildren(...Array.from(fresh.childNodes).map((node) => document.importNode(node, true)));
      })
      .catch(() => {
        // Offline or refused: the search button still works.
      });
  };
  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, 250);
  });
}
