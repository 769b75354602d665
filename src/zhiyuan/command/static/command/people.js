// The load chart of the command center's people page: open enforcement cases per officer, court by court
// (ECharts, dark theme). Data and labels come from the page (json_script), in the interface language.
(() => {
  const source = document.getElementById("people-chart");
  const el = document.getElementById("chart-load");
  if (!source || !el || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  const chart = echarts.init(el, "dark", { renderer: "canvas" });
  chart.on("finished", () => { el.dataset.ready = "true"; });
  chart.setOption({
    backgroundColor: "transparent",
    color: ["#4fc3f7"],
    tooltip: { trigger: "axis", renderMode: "richText" },
    grid: { top: 30, left: 60, right: 20, bottom: 80 },
    xAxis: { type: "category", data: data.names, axisLabel: { rotate: 30, interval: 0 } },
    yAxis: { type: "value", name: data.label },
    series: [{ name: data.label, type: "bar", data: data.load }],
  });
  window.addEventListener("resize", () => chart.resize());
})();
