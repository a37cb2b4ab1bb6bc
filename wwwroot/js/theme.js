// Light or dark before the first paint: loaded (not deferred) from <head>, so the page never flashes light.
// The choice made with the app bar's toggle is a cookie (studio-theme=dark|light) so the server renders the right
// palette too; without a choice the browser's prefers-color-scheme decides, and is recorded (studio-system-theme)
// so the next page the server renders already matches. StudioTheme.cs reads both cookies.
(function () {
    const year = 60 * 60 * 24 * 365;
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const cookie = name => (document.cookie.match(new RegExp('(?:^|; )' + name + '=(dark|light)')) || [])[1];
    const write = (name, value) => { document.cookie = name + '=' + value + '; path=/; max-age=' + year + '; samesite=lax'; };
    const isDark = () => (cookie('studio-theme') || (media.matches ? 'dark' : 'light')) === 'dark';
    const apply = () => document.documentElement.classList.toggle('studio-dark', isDark());

    write('studio-system-theme', media.matches ? 'dark' : 'light');
    apply();
    media.addEventListener('change', () => { write('studio-system-theme', media.matches ? 'dark' : 'light'); apply(); });

    window.studioTheme = {
        isDark,
        // Called by the layout's toggle on interactive pages (Blazor re-renders the palette itself).
        choose(mode) {
            write('studio-theme', mode);
            try { localStorage.setItem('studio-theme', mode); } catch (e) { /* storage may be off; the cookie is enough */ }
            apply();
        },
    };

    // Statically rendered pages (sign-in) have no circuit to re-render the palette: the toggle there stores the
    // choice and reloads, and the server renders the page in the chosen palette.
    document.addEventListener('click', event => {
        const toggle = event.target.closest && event.target.closest('[data-theme-toggle]');
        if (!toggle || document.querySelector('[data-circuit=ready]')) return;
        window.studioTheme.choose(isDark() ? 'light' : 'dark');
        location.reload();
    });
})();
