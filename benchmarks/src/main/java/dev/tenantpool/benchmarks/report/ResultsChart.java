package dev.tenantpool.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The chart of {@code RESULTS.md}: one panel per benchmark, a horizontal bar per variant whose
 * length is its time as a ratio to {@code hikari} (the dashed line at 1.0). Drawn with java.awt on
 * a headless {@link BufferedImage}; no other library.
 */
final class ResultsChart {
  record Bar(String variant, double ratio) {}

  record Panel(String title, List<Bar> bars) {}

  private static final int WIDTH = 1200;
  private static final int COLUMNS = 2;
  private static final int PANEL_WIDTH = WIDTH / COLUMNS;
  private static final int BAR_HEIGHT = 18;
  private static final int BAR_GAP = 5;
  private static final int LABEL_WIDTH = 135;
  private static final int VALUE_WIDTH = 80;
  private static final Map<String, Color> COLORS = Map.of(
      "hikari", new Color(0x7f7f7f),
      "tenantpool", new Color(0x1f77b4),
      "tenantpool-traced", new Color(0x6baed6),
      "p6spy", new Color(0xff7f0e),
      "datasource-proxy", new Color(0x2ca02c),
      "otel-jdbc", new Color(0xd62728),
      "flexy-pool", new Color(0x9467bd),
      "routing", new Color(0x8c564b));

  private ResultsChart() {}

  static void write(List<Panel> panels, String label, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    int rows = (panels.size() + COLUMNS - 1) / COLUMNS;
    int panelHeight = 40 + 8 * (BAR_HEIGHT + BAR_GAP) + 10;
    int height = 60 + Math.max(1, rows) * panelHeight;
    BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, height);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
      g.drawString("TenantPool vs bare HikariCP and peers: time as a ratio to hikari (lower is better) - "
          + label + " run", 20, 32);
      for (int i = 0; i < panels.size(); i++) {
        draw(g, panels.get(i), (i % COLUMNS) * PANEL_WIDTH, 60 + (i / COLUMNS) * panelHeight);
      }
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", file.toFile());
  }

  private static void draw(Graphics2D g, Panel panel, int x, int y) {
    double max = 1;
    for (Bar bar : panel.bars()) {
      if (!Double.isNaN(bar.ratio()) && !Double.isInfinite(bar.ratio())) {
        max = Math.max(max, bar.ratio());
      }
    }
    int plotX = x + 20 + LABEL_WIDTH;
    int plotWidth = PANEL_WIDTH - 40 - LABEL_WIDTH - VALUE_WIDTH;
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString(panel.title(), x + 20, y + 20);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    int top = y + 32;
    for (int i = 0; i < panel.bars().size(); i++) {
      Bar bar = panel.bars().get(i);
      int barY = top + i * (BAR_HEIGHT + BAR_GAP);
      g.setColor(Color.DARK_GRAY);
      g.drawString(bar.variant(), x + 20, barY + BAR_HEIGHT - 5);
      int length = (int) Math.round(plotWidth * Math.min(bar.ratio(), max) / max);
      g.setColor(COLORS.getOrDefault(bar.variant(), Color.GRAY));
      g.fillRect(plotX, barY, Math.max(1, length), BAR_HEIGHT);
      g.setColor(Color.BLACK);
      String value = bar.ratio() < 0.01 ? String.format(Locale.ROOT, "%.5fx", bar.ratio())
          : String.format(Locale.ROOT, "%.2fx", bar.ratio());
      g.drawString(value, plotX + Math.max(1, length) + 6, barY + BAR_HEIGHT - 5);
    }
    int oneX = plotX + (int) Math.round(plotWidth / max);
    g.setColor(new Color(0x333333));
    g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
    g.drawLine(oneX, top - 4, oneX, top + panel.bars().size() * (BAR_HEIGHT + BAR_GAP));
    g.setStroke(new BasicStroke());
  }
}
