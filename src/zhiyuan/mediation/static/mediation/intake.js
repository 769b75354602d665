// The intake form (mediation/workflow/intake.html), enhanced: the place of the dispute as cascading
// selects filled from /api/regions; organizations and mediators searched by name as the clerk types (the
// page's own JSON endpoints), the chosen one's code put into the <select> the form posts; the
// other-organization picker and its reason shown only when they are needed. Without this script the page
// works by posting back ("显示下级区划", "获取建议与推荐").
(() => {
  "use strict";
  const form = document.getElementById("intake-form");
  if (!form) return;
  for (const el of form.querySelectorAll(".no-script-only")) el.hidden = true;

  const getJSON = async (url) => {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      return response.ok ? await response.json() : [];
    } catch {
      return [];
    }
  };
  const query = (base, params) => `${base}?${new URLSearchParams(params)}`;

  // ---------------------------------------------------------------------------------------- the place
  const levels = ["id_region_province", "id_region_prefecture", "id_region_county"].map((id) =>
    document.getElementById(id),
  );
  const fill = (select, items) => {
    const first = select.options[0];
    select.replaceChildren(first);
    for (const d of items) select.add(new Option(d.name, d.code));
    select.disabled = items.length === 0;
  };
  levels.forEach((select, i) => {
    if (!select) return;
    if (i > 0 && select.options.length <= 1) select.disabled = true;
    select.addEventListener("change", async () => {
      for (const below of levels.slice(i + 1)) if (below) fill(below, []);
      const next = levels[i + 1];
      if (!next || !select.value) return;
      fill(next, await getJSON(query(form.dataset.regionsUrl, { parent: select.value })));
    });
  });

  // ------------------------------------------------------------------------------ search as you type
  const court = () => {
    const field = form.elements.namedItem("court");
    return field && "value" in field ? field.value : "";
  };
  const typeahead = (select, source) => {
    const wrap = document.createElement("div");
    wrap.className = "typeahead";
    const input = document.createElement("input");
    const list = document.createElement("ul");
    input.type = "search";
    input.id = `${select.id}_search`;
    input.autocomplete = "off";
    input.placeholder = form.dataset.searchHint || "";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", `${select.id}_list`);
    list.id = `${select.id}_list`;
    list.className = "typeahead-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    const described = select.getAttribute("aria-describedby");
    if (described) input.setAttribute("aria-describedby", described);
    if (select.getAttribute("aria-invalid")) input.setAttribute("aria-invalid", "true");
    wrap.append(input, list);
    select.hidden = true;
    select.after(wrap);
    const label = form.querySelector(`label[for="${select.id}"]`);
    if (label) label.htmlFor = input.id;
    const shown = () => (select.selectedIndex > 0 ? select.options[select.selectedIndex].text : "");
    input.value = shown();
    let items = [];
    let active = -1;
    let timer = 0;
    const close = () => {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
    };
    const render = () => {
      list.replaceChildren();
      items.forEach((item, n) => {
        const li = document.createElement("li");
        li.id = `${list.id}_${n}`;
        li.setAttribute("role", "option");
        li.dataset.code = item.code;
        li.textContent = item.label || item.name;
        li.setAttribute("aria-selected", String(n === active));
        list.append(li);
      });
      if (!items.length) {
        const li = document.createElement("li");
        li.className = "empty";
        li.textContent = form.dataset.noMatch || "";
        list.append(li);
      }
      if (active >= 0) input.setAttribute("aria-activedescendant", `${list.id}_${active}`);
      else input.removeAttribute("aria-activedescendant");
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    };
    const choose = (item) => {
      let option = [...select.options].find((o) => o.value === item.code);
      if (!option) {
        option = new Option(item.label || item.name, item.code);
        select.add(option);
      }
      select.value = item.code;
      input.value = option.text;
      close();
      select.dispatchEvent(new Event("change", { bubbles: true }));
    };
    const search = async () => {
      const asked = input.value.trim();
      const found = await source(asked);
      if (asked !== input.value.trim()) return; // the clerk typed on meanwhile
      items = found;
      active = items.length ? 0 : -1;
      render();
    };
    input.addEventListener("input", () => {
      if (!input.value.trim() && select.value) {
        select.value = "";
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    input.addEventListener("focus", () => {
      if (!input.value || input.value !== shown()) search();
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden) return void search();
        if (!items.length) return;
        active = (active + (event.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
        render();
      } else if (event.key === "Enter" && !list.hidden) {
        event.preventDefault(); // never submit the form from the search box
        if (active >= 0) choose(items[active]);
      } else if (event.key === "Escape") {
        close();
      }
    });
    list.addEventListener("mousedown", (event) => {
      event.preventDefault(); // keep the focus in the box
      const li = event.target instanceof Element ? event.target.closest("li[data-code]") : null;
      if (li) choose(items[[...list.children].indexOf(li)]);
    });
    input.addEventListener("blur", () => {
      close();
      input.value = shown(); // what is posted is what the box shows
    });
    return {
      input,
      reset() {
        select.replaceChildren(select.options[0]);
        select.value = "";
        input.value = "";
      },
    };
  };

  const organization = document.getElementById("id_organization");
  const mediator = document.getElementById("id_mediator");
  let mediators = null;
  if (organization) {
    typeahead(organization, async (q) =>
      getJSON(query(form.dataset.organizationsUrl, { court: court(), q })),
    );
  }
  if (mediator) {
    mediators = typeahead(mediator, async (q) =>
      organization && organization.value
        ? getJSON(query(form.dataset.mediatorsUrl, { court: court(), organization: organization.value, q }))
        : [],
    );
  }

  // ----------------------------------------------------------- recommended, or another organization
  const other = document.getElementById("other-organization");
  const reason = document.getElementById("id_override_reason_group");
  const box = document.getElementById("recommendations");
  const listed = new Set((box ? box.dataset.listed : "").split(" ").filter(Boolean));
  const sync = () => {
    if (!box || !other) return;
    const chosen = form.querySelector("input[name=recommended]:checked");
    const isOther = !chosen || chosen.value === "other";
    other.hidden = !isOther;
    for (const el of other.querySelectorAll("select, input, textarea")) el.disabled = !isOther;
    if (reason) {
      const needless = !isOther || (organization && listed.has(organization.value));
      reason.hidden = Boolean(needless);
      for (const el of reason.querySelectorAll("textarea")) el.disabled = Boolean(needless);
    }
  };
  form.addEventListener("change", (event) => {
    const el = event.target;
    if (el === organization && mediators) mediators.reset();
    if (el === organization || (el instanceof HTMLInputElement && el.name === "recommended")) sync();
  });
  sync();
})();
