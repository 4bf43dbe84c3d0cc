// Streamlit's own English texts in Danish (see dashboard/shell/language.py, which fills in the two
// placeholders in capitals). Only a whole text that is one of Streamlit's strings is replaced.

(() => {
  const w = window.parent && window.parent.document ? window.parent : window;
  w.__screeningTexts = __TEXTS__;
  w.__screeningPatterns = __PATTERNS__.map(([p, r]) => [new RegExp(p), r]);
  const danish = (text) => {
    const trimmed = text.trim();
    const exact = w.__screeningTexts[trimmed];
    if (exact !== undefined) return text.replace(trimmed, exact);
    for (const [pattern, replacement] of w.__screeningPatterns) {
      if (pattern.test(trimmed)) {
        return text.replace(trimmed, trimmed.replace(pattern, replacement));
      }
    }
    return null;
  };
  const translate = (root) => {
    const walker = w.document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const changed = danish(node.nodeValue);
      if (changed !== null && changed !== node.nodeValue) node.nodeValue = changed;
    }
    const labelled = root.querySelectorAll ? root.querySelectorAll('[aria-label],[title],[placeholder]') : [];
    for (const el of labelled) {
      for (const name of ['aria-label', 'title', 'placeholder']) {
        const value = el.getAttribute(name);
        const changed = value && danish(value);
        if (changed && changed !== value) el.setAttribute(name, changed);
      }
    }
  };
  translate(w.document.body);
  if (!w.__screeningObserver) {
    w.__screeningObserver = new w.MutationObserver((changes) => {
      for (const change of changes) {
        if (change.type === 'characterData') {
          const changed = danish(change.target.nodeValue);
          if (changed !== null && changed !== change.target.nodeValue) change.target.nodeValue = changed;
        }
        for (const node of change.addedNodes) {
          if (node.nodeType === 1) translate(node);
          else if (node.nodeType === 3 && node.parentElement) translate(node.parentElement);
        }
      }
    });
    w.__screeningObserver.observe(w.document.body, {childList: true, subtree: true, characterData: true});
  }
})();
