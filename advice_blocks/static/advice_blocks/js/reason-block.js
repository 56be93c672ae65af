/*
 * Labels collapsed reasons in the page editor with the number the page will show
 * ("3. He will miss the attention"), following the listicle's numbering direction and
 * start number, and relabels every reason after a move, add, delete or settings change.
 */
(() => {
  const { StructBlockDefinition } = window.wagtailStreamField.blocks;
  const ITEM_PREFIX = /^(.*)-items-(\d+)-value$/;
  const reasons = new Set();

  const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const field = (name) => document.getElementsByName(name)[0];

  /* The reason's displayed number, from the ListBlock's hidden order/deleted inputs. */
  function reasonNumber(prefix) {
    const match = ITEM_PREFIX.exec(prefix);
    if (!match) return null;
    const [, listicle, index] = match;
    const own = field(`${listicle}-items-${index}-order`);
    if (!own) return null;
    const pattern = new RegExp(`^${escapeRegExp(listicle)}-items-\\d+-order$`);
    const orders = Array.from(
      document.querySelectorAll(`input[name^="${listicle}-items-"][name$="-order"]`),
    )
      .filter((input) => pattern.test(input.name))
      .filter((input) => {
        const deleted = field(input.name.replace(/-order$/, '-deleted'));
        return !deleted || deleted.value !== '1';
      })
      .map((input) => parseInt(input.value, 10));
    const position = orders.filter((order) => order < parseInt(own.value, 10)).length;
    const direction = field(`${listicle}-direction`)?.value || 'ascending';
    const startText = field(`${listicle}-start`)?.value ?? '';
    const start = startText === '' ? null : parseInt(startText, 10);
    if (direction === 'countdown') return (start ?? orders.length) - position;
    return (start ?? 1) + position;
  }

  function relabelAll() {
    reasons.forEach((block) => {
      const element = block.container && block.container[0];
      if (!element || !element.isConnected) {
        reasons.delete(block);
        return;
      }
      const child = element.closest('[data-streamfield-child]');
      const title = child && child.querySelector('[data-panel-heading-text]');
      if (title) title.textContent = block.getTextLabel({ maxLength: 70 }) || '';
    });
  }

  let pending = false;
  function scheduleRelabel() {
    if (pending) return;
    pending = true;
    // After Wagtail has moved the DOM and updated its hidden inputs.
    setTimeout(() => {
      pending = false;
      relabelAll();
    }, 0);
  }
  document.addEventListener('click', scheduleRelabel, true);
  document.addEventListener('change', scheduleRelabel, true);

  class ReasonBlockDefinition extends StructBlockDefinition {
    render(placeholder, prefix, initialState, initialError, parentCapabilities) {
      const block = super.render(
        placeholder,
        prefix,
        initialState,
        initialError,
        parentCapabilities,
      );
      const textLabel = block.getTextLabel.bind(block);
      block.getTextLabel = (options) => {
        const text = textLabel(options);
        const number = reasonNumber(prefix);
        return text && number !== null ? `${number}. ${text}` : text;
      };
      reasons.add(block);
      scheduleRelabel();
      return block;
    }
  }

  window.telepath.register('advice_blocks.blocks.ReasonBlock', ReasonBlockDefinition);
})();
