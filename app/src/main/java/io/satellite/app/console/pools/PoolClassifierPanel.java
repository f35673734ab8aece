package io.satellite.app.console.pools;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The classifier: which users' and roles' jobs run in which pool (everyone else: the default pool). */
final class PoolClassifierPanel {
    private final VBox root;

    PoolClassifierPanel(PoolsViewModel vm) {
        TableView<PoolsViewModel.ClassifierRule> rules = new TableView<>(vm.rules());
        rules.setId("pool-classifier");
        rules.getStyleClass().add("result-grid");
        rules.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        rules.setPlaceholder(new Label("No rules: every job runs in the default pool."));
        rules.getColumns().add(column("User or role", PoolsViewModel.ClassifierRule::principal));
        rules.getColumns().add(column("Pool", PoolsViewModel.ClassifierRule::pool));
        rules.setPrefHeight(150);
        TextField principal = new TextField();
        principal.setId("classify-principal");
        principal.setPromptText("user or role");
        ComboBox<String> pool = new ComboBox<>();
        pool.setId("classify-pool");
        pool.setPromptText("pool");
        vm.pools().addListener((javafx.collections.ListChangeListener<PoolRow>) c -> {
            java.util.List<String> names = vm.pools().stream().map(PoolRow::name).toList();
            if (!names.equals(pool.getItems())) {
                String chosen = pool.getValue();
                pool.getItems().setAll(names);
                pool.setValue(chosen);
            }
        });
        rules.getSelectionModel().selectedItemProperty().addListener((o, was, r) -> {
            if (r != null) {
                principal.setText(io.satellite.engine.security.Principals.asName(r.principal()));
                pool.setValue(r.pool());
            }
        });
        Button classify = new Button("Classify");
        classify.setId("classify-apply");
        classify.setOnAction(e -> vm.classify(principal.getText(), pool.getValue()));
        Button remove = new Button("Back to default");
        remove.setId("classify-remove");
        remove.setOnAction(e -> vm.classify(principal.getText(), null));
        Label title = new Label("Classifier: whose jobs run where");
        title.getStyleClass().add("panel-title");
        root = new VBox(10, title, rules, new HBox(8, principal, pool, classify, remove));
        root.getStyleClass().add("panel");
        root.setStyle("-fx-padding: 14;");
    }

    VBox root() {
        return root;
    }

    private static TableColumn<PoolsViewModel.ClassifierRule, String> column(String title,
            java.util.function.Function<PoolsViewModel.ClassifierRule, String> value) {
        TableColumn<PoolsViewModel.ClassifierRule, String> c = new TableColumn<>(title);
        c.setPrefWidth(160);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(value.apply(f.getValue())));
        return c;
    }
}
