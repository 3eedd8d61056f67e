package dev.tenantpool.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The chart of {@code RESULTS.md}: one JFreeChart bar chart per benchmark, a horizontal bar per
 * variant whose length is its time as a ratio to {@code hikari} (the dashed marker at 1.0), laid
 * out two to a row on one headless image.
 */
final class ResultsChart {
  record Bar(String variant, double ratio) {}

  record Panel(String title, List<Bar> bars) {}

  private static final int WIDTH = 1200;
  private static final int COLUMNS = 2;
  private static final int PANEL_WIDTH = WIDTH / COLUMNS;
  private static final int PANEL_HEIGHT = 250;
  private static final int HEADER = 50;
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
    int rows = Math.max(1, (panels.size() + COLUMNS - 1) / COLUMNS);
    int height = HEADER + rows * PANEL_HEIGHT;
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
        chart(panels.get(i)).draw(g, new Rectangle2D.Double((i % COLUMNS) * PANEL_WIDTH,
            HEADER + (i / COLUMNS) * PANEL_HEIGHT, PANEL_WIDTH, PANEL_HEIGHT));
      }
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", file.toFile());
  }

  private static JFreeChart chart(Panel panel) {
    DefaultCategoryDataset ratios = new DefaultCategoryDataset();
    for (Bar bar : panel.bars()) {
      if (!Double.isNaN(bar.ratio()) && !Double.isInfinite(bar.ratio())) {
        ratios.addValue(bar.ratio(), "ratio", bar.variant());
      }
    }
    JFreeChart chart = ChartFactory.createBarChart(panel.title(), null, null, ratios, PlotOrientation.HORIZONTAL,
        false, false, false);
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    chart.setBackgroundPaint(Color.WHITE);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    plot.addRangeMarker(new ValueMarker(1.0, new Color(0x333333),
        new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f)));
    BarRenderer renderer = new BarRenderer() {
      private static final long serialVersionUID = 1L;

      @Override
      public Paint getItemPaint(int row, int column) {
        return COLORS.getOrDefault((String) ratios.getColumnKey(column), Color.GRAY);
      }
    };
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}x", new DecimalFormat("0.00")));
    renderer.setDefaultItemLabelsVisible(true);
    renderer.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));
    plot.setRenderer(renderer);
    // Room after the longest bar for its label.
    plot.getRangeAxis().setUpperMargin(0.2);
    return chart;
  }
}
