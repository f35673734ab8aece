package io.satellite.app.console.settings;

import io.satellite.app.console.query.ResultTable;
import java.util.List;
import javafx.geometry.HPos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import org.controlsfx.validation.ValidationSupport;
import org.controlsfx.validation.Validator;

/**
 * The sp_configure options as a form: each value checked against its range as it is typed
 * (ControlsFX), Apply runs sp_configure and RECONFIGURE, and an option that applies at the next
 * start says so until the engine has restarted.
 */
final class ConfigurationPanel {
    private final GridPane grid = new GridPane();
    private final SettingsViewModel vm;
    private boolean admin;

    ConfigurationPanel(SettingsViewModel vm) {
        this.vm = vm;
        grid.setId("configuration-options");
        grid.setHgap(12);
        grid.setVgap(8);
        ColumnConstraints description = new ColumnConstraints();
        description.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(new ColumnConstraints(190), new ColumnConstraints(70),
                new ColumnConstraints(), new ColumnConstraints(190), description);
    }

    GridPane root() {
        return grid;
    }

    /** Rows of NAME, VALUE, VALUE_IN_USE, MINIMUM, MAXIMUM, DESCRIPTION, IS_DYNAMIC. */
    void show(ResultTable options, boolean isAdmin) {
        this.admin = isAdmin;
        grid.getChildren().clear();
        grid.addRow(0, heading("Option"), heading("Value"), new Label(""), heading("In use"), heading("What it does"));
        int row = 1;
        for (List<String> o : options.rows()) {
            addOption(row++, o.get(0), Integer.parseInt(o.get(1)), Integer.parseInt(o.get(2)), Integer.parseInt(o.get(3)),
                    Integer.parseInt(o.get(4)), o.get(5), "1".equals(o.get(6)));
        }
    }

    private void addOption(int row, String name, int value, int inUse, int min, int max, String what, boolean dynamic) {
        String id = name.replace(' ', '-');
        TextField field = new TextField(String.valueOf(value));
        field.setId("option-" + id);
        field.setPrefColumnCount(4);
        Button apply = new Button("Apply");
        apply.setId("apply-" + id);
        apply.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        ValidationSupport validation = new ValidationSupport();
        // not "required": ControlsFX marks required fields with a red corner, which on a field that
        // always holds a value reads as an error; an invalid value still gets the error decoration
        validation.registerValidator(field, false, Validator.<String>createPredicateValidator(
                t -> t != null && t.strip().matches("-?\\d{1,9}") && Integer.parseInt(t.strip()) >= min
                        && Integer.parseInt(t.strip()) <= max, name + " is a whole number from " + min + " to " + max));
        apply.disableProperty().bind(validation.invalidProperty().or(field.textProperty().isEqualTo(String.valueOf(value))));
        apply.setOnAction(e -> vm.configure(name, Integer.parseInt(field.getText().strip())));
        Label use = new Label(inUse == value ? String.valueOf(inUse)
                : inUse + (dynamic ? " (run RECONFIGURE)" : " (restart to apply " + value + ")"));
        use.setId("in-use-" + id);
        if (inUse != value) {
            use.getStyleClass().add("pending-option");
        }
        Label description = new Label(what);
        description.setWrapText(true);
        description.getStyleClass().add("hint");
        field.setDisable(!admin);
        if (!admin) {
            apply.disableProperty().unbind();
            apply.setDisable(true);
        }
        GridPane.setHalignment(apply, HPos.LEFT);
        grid.addRow(row, new Label(name), field, apply, use, description);
    }

    private static Label heading(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("panel-title");
        return l;
    }
}
