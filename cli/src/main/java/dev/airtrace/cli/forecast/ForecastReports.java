package dev.airtrace.cli.forecast;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.codec.Json;
import java.util.ArrayList;
import java.util.List;

/** Renders a {@link ForecastSkill.Report} as a console table or as JSON. Stateless. */
public final class ForecastReports {
  private ForecastReports() {}

  /** One table per model: horizon, count, RMSE, persistence RMSE, skill, MAE, bias, diurnal. */
  public static String table(ForecastSkill.Report report) {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            "%,d forecasts, %,d observed site hours", report.forecasts(), report.observedHours()));
    if (report.models().isEmpty()) {
      lines.add("no forecast could be verified (no origin with its history and targets observed)");
    }
    for (ForecastSkill.ModelReport m : report.models()) {
      boolean diurnal = !m.rows().isEmpty() && m.rows().get(0).diurnalAdd() != null;
      lines.add("");
      lines.add(String.format("%s: %,d origins", m.model(), m.origins()));
      lines.add(
          "horizon      n   RMSE  persist.RMSE  skill %    MAE   bias"
              + (diurnal ? "  baseline skill %: persist.+diurnal add  mul" : ""));
      for (ForecastSkill.HorizonRow r : m.rows()) {
        String line =
            String.format(
                "%5d h %7d %6.2f %13.2f %8.1f %6.2f %6.2f",
                r.hours(),
                r.model().n(),
                r.model().rmse(),
                r.persistence().rmse(),
                r.skillPercent(),
                r.model().mae(),
                r.model().bias());
        if (diurnal) {
          line += String.format(" %21.1f %4.1f", r.skill(r.diurnalAdd()), r.skill(r.diurnalMul()));
        }
        lines.add(line);
      }
    }
    return String.join(System.lineSeparator(), lines);
  }

  /**
   * The report as JSON: {@code
   * {"forecasts","observedHours","models":[{"model","origins","horizons":[...]}]}}.
   */
  public static String json(ForecastSkill.Report report) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("forecasts", report.forecasts());
    root.put("observedHours", report.observedHours());
    ArrayNode models = root.putArray("models");
    for (ForecastSkill.ModelReport m : report.models()) {
      ObjectNode mn = models.addObject();
      mn.put("model", m.model());
      mn.put("origins", m.origins());
      ArrayNode hs = mn.putArray("horizons");
      for (ForecastSkill.HorizonRow r : m.rows()) {
        ObjectNode h = hs.addObject();
        h.put("hours", r.hours());
        h.put("n", r.model().n());
        h.put("skillPct", round(r.skillPercent()));
        errors(h.putObject("model"), r.model());
        errors(h.putObject("persistence"), r.persistence());
        if (r.diurnalAdd() != null) {
          errors(h.putObject("persistenceDiurnalAdd"), r.diurnalAdd());
          errors(h.putObject("persistenceDiurnalMul"), r.diurnalMul());
          h.put(
              "skillPctOverDiurnalAdd",
              round(100 * (1 - r.model().rmse() / r.diurnalAdd().rmse())));
          h.put(
              "skillPctOverDiurnalMul",
              round(100 * (1 - r.model().rmse() / r.diurnalMul().rmse())));
        }
      }
    }
    try {
      return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void errors(ObjectNode n, ForecastSkill.Errors e) {
    n.put("rmse", round(e.rmse()));
    n.put("mae", round(e.mae()));
    n.put("bias", round(e.bias()));
  }

  private static double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 1000.0) / 1000.0 : v;
  }
}
