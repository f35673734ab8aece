package io.satellite.app.console.query;

import javafx.scene.control.ListCell;

/** One message, styled by kind (errors red); long lines wrap. */
final class MessageCell extends ListCell<Message> {
    private static final String[] KINDS = {"message-info", "message-output", "message-error"};

    MessageCell() {
        setWrapText(true);
        setPrefWidth(0);
    }

    @Override
    protected void updateItem(Message item, boolean empty) {
        super.updateItem(item, empty);
        getStyleClass().removeAll(KINDS);
        if (empty || item == null) {
            setText(null);
        } else {
            setText(item.text());
            getStyleClass().add(KINDS[item.kind().ordinal()]);
        }
    }
}
