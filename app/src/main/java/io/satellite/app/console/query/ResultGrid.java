package io.satellite.app.console.query;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.Consumer;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

/** A read-only grid for one {@link ResultTable}, like a result grid of SSMS: row numbers, NULL
 * marked, sortable by clicking a header, rows copied with Ctrl+C or the context menu, CSV export. */
public final class ResultGrid {
    static final double ROW_HEIGHT = 26;
    static final double HEADER_HEIGHT = 30;
    /** Room for a horizontal scroll bar, so that a wide result's last row is not hidden under it. */
    static final double SCROLLBAR = 14;
    private static final int SAMPLE = 200;
    private static final KeyCombination COPY = new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);
    private static final double MIN_WIDTH = 64;
    private static final double MAX_WIDTH = 420;
    /** Cell padding (console.css) plus room for the column's borders. */
    private static final double CELL_PADDING = 26;
    /** The fonts of console.css, to size columns to their content. */
    private static final Font HEADER_FONT = Font.font(Font.getDefault().getFamily(), FontWeight.BOLD, 13);
    private static final Font TEXT_FONT = Font.font(Font.getDefault().getFamily(), 13);
    private static final Font NUMBER_FONT = Font.font("Monospaced", 12.5);

    private ResultGrid() {
    }

    public static TableView<List<String>> create(ResultTable result, Consumer<ResultTable> export) {
        TableView<List<String>> table = new TableView<>(FXCollections.observableArrayList(result.rows()));
        table.getStyleClass().add("result-grid");
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        MenuItem copy = new MenuItem("Copy");
        copy.setOnAction(e -> copy(table, result, false));
        MenuItem copyWithHeaders = new MenuItem("Copy with headers");
        copyWithHeaders.setOnAction(e -> copy(table, result, true));
        MenuItem csv = new MenuItem("Export to CSV…");
        csv.setOnAction(e -> export.accept(result));
        table.setContextMenu(new ContextMenu(copy, copyWithHeaders, new SeparatorMenuItem(), csv));
        table.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (COPY.match(e)) {
                copy(table, result, false);
                e.consume();
            }
        });
        table.setFixedCellSize(ROW_HEIGHT);
        table.setPlaceholder(new Label("(no rows)"));
        table.getColumns().add(rowNumbers(result.rows().size()));
        for (int i = 0; i < result.columns().size(); i++) {
            table.getColumns().add(column(result, i));
        }
        return table;
    }

    /** Copies the selected rows (all rows when none is selected), tab-separated, in the grid's order. */
    static void copy(TableView<List<String>> table, ResultTable result, boolean headers) {
        List<List<String>> rows = table.getSelectionModel().getSelectedItems().isEmpty()
                ? table.getItems() : table.getSelectionModel().getSelectedItems();
        ClipboardContent content = new ClipboardContent();
        content.putString(CsvFormat.tabbed(headers ? result.columns() : null, rows));
        Clipboard.getSystemClipboard().setContent(content);
    }

    /** Sorts numbers as numbers; NULL sorts first, as in SQL Server. */
    static int compare(String a, String b, boolean numeric) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (numeric) {
            try {
                return new BigDecimal(a).compareTo(new BigDecimal(b));
            } catch (NumberFormatException e) {
                // NaN, Infinity: fall back to text
            }
        }
        return a.compareTo(b);
    }

    /** Height showing up to {@code visibleRows} rows without scrolling. */
    public static double height(ResultTable result, int visibleRows) {
        int rows = Math.max(1, Math.min(result.rows().size(), visibleRows));
        return HEADER_HEIGHT + rows * ROW_HEIGHT + 4 + SCROLLBAR;
    }

    private static TableColumn<List<String>, String> rowNumbers(int rows) {
        TableColumn<List<String>, String> c = new TableColumn<>("");
        c.getStyleClass().add("row-number-column");
        c.setSortable(false);
        c.setReorderable(false);
        c.setResizable(false);
        c.setPrefWidth(Math.max(36, 14 + 8 * String.valueOf(rows).length()));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : String.valueOf(getIndex() + 1));
            }
        });
        return c;
    }

    private static TableColumn<List<String>, String> column(ResultTable result, int index) {
        String name = result.columns().get(index);
        boolean numeric = result.numeric().get(index);
        TableColumn<List<String>, String> c = new TableColumn<>(name);
        c.setComparator((a, b) -> compare(a, b, numeric));
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(f.getValue().get(index)));
        c.setCellFactory(col -> new ValueCell(numeric));
        double width = textWidth(name, HEADER_FONT);
        Font cellFont = numeric ? NUMBER_FONT : TEXT_FONT;
        for (List<String> row : result.rows().subList(0, Math.min(SAMPLE, result.rows().size()))) {
            String v = row.get(index);
            width = Math.max(width, textWidth(v == null ? "NULL" : v, cellFont));
        }
        c.setPrefWidth(Math.ceil(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, width + CELL_PADDING))));
        return c;
    }

    private static double textWidth(String s, Font font) {
        Text text = new Text(s.length() > 80 ? s.substring(0, 80) : s);
        text.setFont(font);
        return text.getLayoutBounds().getWidth();
    }

    /** Shows a value; SQL NULL as a marked "NULL", numbers right-aligned. */
    static final class ValueCell extends TableCell<List<String>, String> {
        ValueCell(boolean numeric) {
            getStyleClass().add(numeric ? "numeric-cell" : "text-cell");
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            getStyleClass().remove("null-value");
            if (empty) {
                setText(null);
            } else if (item == null) {
                setText("NULL");
                getStyleClass().add("null-value");
            } else {
                setText(item.replace('\n', ' '));
            }
        }
    }
}
