// `use:terminalHost={tab}`: shows a terminal tab's xterm in the element and
// keeps it fitted as the layout changes. The learner's panes and the
// instructor's read-only view host terminals the same way.
import type { TerminalTab } from '$lib/client/terminal.svelte';

export function terminalHost(node: HTMLElement, tab: TerminalTab) {
  let observer: ResizeObserver;
  const host = (current: TerminalTab) => {
    current.mount(node);
    observer = new ResizeObserver(() => current.resize());
    observer.observe(node);
  };
  host(tab);
  return {
    update(next: TerminalTab) {
      observer.disconnect();
      host(next);
    },
    destroy() {
      observer.disconnect();
    },
  };
}
