// The command-center charts (ECharts, dark theme). Data and labels come from the page (json_script),
// already in the interface language. Each chart marks its element data-ready="true" once drawn.
(() => {
  const source = document.getElementById("command-charts");
  if (!source || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  const palette = ["#4fc3f7", "#ffb74d", "#e57373", "#81c784", "#ba68c8", "#fff176"];
  const base = { backgroundColor: "transparent", color: palette, textStyle: { fontSize: 14 } };
  const charts = [];

  function draw(id, option) {
    const el = document.getElementById(id);
    if (!el) return;
    const chart = echarts.init(el, "dark", { renderer: "canvas" });
    chart.on("finished", () => { el.dataset.ready = "true"; });
    // tooltips are drawn on the canvas: ECharts' HTML tooltips carry inline styles, which the
    // Content-Security-Policy (style-src 'self') refuses
    if (option.tooltip) option.tooltip = { renderMode: "richText", ...option.tooltip };
    chart.setOption({ ...base, ...option });
    charts.push(chart);
  }

  const empty = (list) => !list || list.length === 0;
  const noData = { title: { text: data.none, left: "center", top: "middle", textStyle: { color: "#8aa0b6" } } };

  draw("chart-volume", empty(data.months) ? noData : {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { top: 40, left: 60, right: 60, bottom: 30 },
    xAxis: { type: "category", data: data.months },
    yAxis: [{ type: "value" }, { type: "value", splitLine: { show: false } }],
    series: data.volume.map((s) => ({
      name: s.name,
      type: s.key === "pending" ? "line" : "bar",
      yAxisIndex: s.key === "pending" ? 1 : 0,
      smooth: true,
      data: s.data,
    })),
  });

  draw("chart-rates", empty(data.rates) ? noData : {
    tooltip: {
      trigger: "axis",
      valueFormatter: (v) => (v === null || v === undefined ? "—" : (v * 100).toFixed(2) + "%"),
    },
    legend: { top: 0 },
    grid: { top: 40, left: 60, right: 30, bottom: 30 },
    xAxis: { type: "category", data: data.months },
    yAxis: { type: "value", min: 0, axisLabel: { formatter: (v) => Math.round(v * 100) + "%" } },
    series: data.rates.map((s) => ({ name: s.name, type: "line", smooth: true, connectNulls: false, data: s.data })),
  });

  draw("chart-courts", empty(data.courts.names) ? noData : {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { top: 40, left: 60, right: 20, bottom: 80 },
    xAxis: { type: "category", data: data.courts.names, axisLabel: { rotate: 30, interval: 0 } },
    yAxis: { type: "value" },
    series: data.courts.series.map((s) => ({ name: s.name, type: "bar", data: s.data })),
  });

  draw("chart-derivative", empty(data.derivative) ? noData : {
    tooltip: { trigger: "item" },
    series: [{ type: "pie", radius: ["35%", "70%"], data: data.derivative, label: { formatter: "{b}: {c}" } }],
  });

  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
})();
