/* global echarts */
// Draws each monitor's last 24 hours: availability (%) and mean connect latency (ms) per minute.
// The data comes from the page's own history endpoint, named in a data attribute (no inline script).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".pm-chart[data-history-url]").forEach(function (element) {
    fetch(element.dataset.historyUrl, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status + " " + response.statusText);
        }
        return response.json();
      })
      .then(function (data) {
        var chart = echarts.init(element);
        chart.setOption({
          tooltip: { trigger: "axis" },
          legend: { data: ["Availability %", "Latency ms"] },
          grid: { left: 50, right: 50, top: 30, bottom: 30 },
          xAxis: { type: "time" },
          yAxis: [
            { type: "value", name: "%", min: 0, max: 100 },
            { type: "value", name: "ms", min: 0 }
          ],
          series: [
            {
              name: "Availability %", type: "line", step: "end", showSymbol: false,
              data: data.points.map(function (p) { return [p.t, p.availability]; })
            },
            {
              name: "Latency ms", type: "line", yAxisIndex: 1, showSymbol: false,
              data: data.points.map(function (p) { return [p.t, p.latencyMs]; })
            }
          ]
        });
        window.addEventListener("resize", function () { chart.resize(); });
      })
      .catch(function (error) {
        element.textContent = "History unavailable: " + error.message;
      });
  });
});
