// The dispute graph (cases/dispute.html): data from the page's json_script, drawn with ECharts.
(() => {
  const el = document.getElementById("dispute-graph");
  if (!el || !window.echarts) return;
  const data = JSON.parse(document.getElementById("dispute-graph-data").textContent);
  const chart = echarts.init(el, null, { renderer: "canvas" });
  chart.setOption({
    tooltip: {
      // drawn on the canvas: HTML tooltips carry inline styles, which the Content-Security-Policy refuses
      renderMode: "richText",
      formatter: (p) => p.dataType === "node"
        ? [p.data.name, p.data.type_code, p.data.status || data.outside].filter(Boolean).join("\n")
        : p.data.kind,
    },
    legend: [{ data: data.categories.map((c) => c.name), top: 0 }],
    // the layered layout computed by the page: column = derivation depth, row = filing order
    grid: { top: 50, bottom: 40, left: 110, right: 110 },
    xAxis: { type: "value", show: false, min: -0.25, max: Math.max(...data.nodes.map((n) => n.value[0])) + 0.25 },
    yAxis: { type: "value", show: false, inverse: true, min: -0.6,
             max: Math.max(...data.nodes.map((n) => n.value[1])) + 0.6 },
    series: [{
      type: "graph",
      coordinateSystem: "cartesian2d",
      categories: data.categories,
      data: data.nodes.map((n) => ({
        ...n,
        symbolSize: 22,
        cursor: n.url ? "pointer" : "default",
        itemStyle: n.url ? {} : { opacity: 0.35 },
      })),
      links: data.links,
      label: { show: true, position: "bottom", formatter: "{b}" },
      edgeSymbol: ["none", "arrow"],
      edgeSymbolSize: 9,
      edgeLabel: { show: true, fontSize: 12, formatter: (p) => p.data.kind },
      lineStyle: { color: "#5b6775", width: 1.5, curveness: 0.08 },
      emphasis: { focus: "adjacency" },
    }],
  });
  chart.on("click", (p) => {
    if (p.dataType === "node" && p.data.url) window.location.assign(p.data.url);
  });
  chart.on("finished", () => { el.dataset.ready = "true"; });
  window.addEventListener("resize", () => chart.resize());
})();
