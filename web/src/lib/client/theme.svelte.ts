// Light or dark, following the system setting live; the editor and the
// terminal read their colours from here so all three change together.

class Theme {
  dark = $state(false);

  /** Starts following prefers-color-scheme; returns the function that stops it. */
  follow(): () => void {
    const query = matchMedia('(prefers-color-scheme: dark)');
    this.dark = query.matches;
    const onChange = (e: MediaQueryListEvent) => (this.dark = e.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }
}

export const theme = new Theme();

/** The terminal's palette; background matches --surface-terminal in app.css. */
export function terminalTheme(dark: boolean) {
  return dark
    ? {
        background: '#11141a',
        foreground: '#d8dee9',
        cursor: '#8fbcff',
        cursorAccent: '#11141a',
        selectionBackground: '#3a4a66',
        black: '#1c2028', red: '#f07178', green: '#a5d17a', yellow: '#ecc48d', blue: '#82aaff',
        magenta: '#c792ea', cyan: '#89ddff', white: '#d8dee9',
        brightBlack: '#5c6370', brightRed: '#ff8b92', brightGreen: '#c3e88d', brightYellow: '#ffd68a',
        brightBlue: '#9cc1ff', brightMagenta: '#dcb2ff', brightCyan: '#a6e8ff', brightWhite: '#ffffff',
      }
    : {
        background: '#fbfbfd',
        foreground: '#1f2430',
        cursor: '#1d63ed',
        cursorAccent: '#fbfbfd',
        selectionBackground: '#c7d8fb',
        black: '#1f2430', red: '#c4314b', green: '#2e7d32', yellow: '#9a6700', blue: '#1d63ed',
        magenta: '#8e44ad', cyan: '#0e7c86', white: '#d0d4dc',
        brightBlack: '#6b7280', brightRed: '#e0455f', brightGreen: '#3c9a40', brightYellow: '#b7791f',
        brightBlue: '#3b7bff', brightMagenta: '#a35bc4', brightCyan: '#179aa5', brightWhite: '#ffffff',
      };
}
