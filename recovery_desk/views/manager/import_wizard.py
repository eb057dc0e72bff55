"""The manager's import wizard (Desk > Import from a spreadsheet): choose the file (and sheet),
match its columns to the desk's fields (guessed from the header), see every row's outcome from
a dry run, then import; the last page says what happened and can take the import out again.

The work runs off the window's thread (views/frame/background.py run_and_wait): the dry run and
the import are the same service (domain/operations/import_service.py), so the counts shown
before are the counts made."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from recovery_desk.domain.operations import import_service
from recovery_desk.domain.operations.import_files import (
    FIELDS,
    KINDS,
    Sheet,
    guess_columns,
    read_sheet,
)
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.schedule.words import counted
from recovery_desk.views.frame.background import run_and_wait
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.widgets import dialogs

TITLE = "Import from a spreadsheet"
KIND_WORDS = {"people": "People", "referrals": "Referrals", "places": "Places",
              "waiting": "Waiting lists", "attendance": "Past registers"}
NOT_IN_FILE = "(not in the file)"


def _label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class FilePage(QWizardPage):
    """What is imported, from which file and sheet."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle("Choose the file")
        self.setSubTitle("A CSV file (saved from Excel is fine) or an Excel workbook, with the "
                         "column names in its first row.")
        self.kind = QComboBox()
        self.kind.setAccessibleName("What the file holds")
        for key in KINDS:
            self.kind.addItem(KIND_WORDS[key], key)
        self.path = QLineEdit()
        self.path.setAccessibleName("The file to import")
        self.path.setReadOnly(True)
        self.choose = QPushButton("C&hoose file…")
        self.choose.clicked.connect(self.choose_file)
        self.sheet = QComboBox()
        self.sheet.setAccessibleName("The workbook's sheet")
        self.sheet.setEnabled(False)
        self.sheet.activated.connect(lambda _: self.load(self.sheet.currentText()))
        self.read = _label("")
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.choose)
        form = QFormLayout(self)
        form.addRow("&What it holds:", self.kind)
        form.addRow("&File:", row)
        form.addRow("&Sheet:", self.sheet)
        form.addRow(self.read)
        for field, buddy in ((0, self.kind), (1, self.path), (2, self.sheet)):
            item = form.itemAt(field, QFormLayout.ItemRole.LabelRole)
            label = item.widget() if item is not None else None
            if isinstance(label, QLabel):
                label.setBuddy(buddy)

    def choose_file(self) -> None:
        chosen = dialogs.choose_open_path(self, TITLE, "Spreadsheets (*.csv *.txt *.xlsx)")
        if chosen:
            self.path.setText(chosen)
            self.load(None)

    def load(self, sheet: str | None) -> None:
        try:
            found = read_sheet(Path(self.path.text()), sheet)
        except (DomainError, OSError) as error:
            self.wizard_.sheet = None
            dialogs.show_error(self, TITLE, str(error))
            self.read.setText("")
        else:
            self.wizard_.sheet = found
            self.sheet.clear()
            self.sheet.addItems(list(found.sheets))
            self.sheet.setCurrentText(found.name)
            self.sheet.setEnabled(bool(found.sheets))
            self.read.setText(f"{len(found.rows)} rows under {len(found.header)} columns.")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.wizard_.sheet is not None


class ColumnsPage(QWizardPage):
    """Each field of the kind, with the column that fills it (guessed from the header)."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle("Match the columns")
        self.setSubTitle("Each of the desk's fields, and the file's column that fills it. "
                         "Fields marked * are needed.")
        self.boxes: dict[str, QComboBox] = {}
        self.form_holder = QWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form_holder)
        scroll.setAccessibleName("Fields and columns")
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)

    def initializePage(self) -> None:
        sheet, kind = self.wizard_.sheet, self.wizard_.kind()
        assert sheet is not None
        old = self.form_holder.layout()
        if old is not None:
            QWidget().setLayout(old)  # the old form goes with a throwaway widget
        form = QFormLayout(self.form_holder)
        guessed = guess_columns(kind, sheet.header)
        self.boxes = {}
        for field in FIELDS[kind]:
            box = QComboBox()
            box.addItem(NOT_IN_FILE, -1)
            for index, name in enumerate(sheet.header):
                box.addItem(name or f"Column {index + 1}", index)
            box.setCurrentIndex(guessed.get(field.key, -1) + 1)
            box.setAccessibleName(f"Column for {field.label}")
            form.addRow(f"{field.label}{' *' if field.required else ''}:", box)
            self.boxes[field.key] = box

    def columns(self) -> dict[str, int]:
        return {key: box.currentData() for key, box in self.boxes.items()
                if box.currentData() != -1}

    def validatePage(self) -> bool:
        try:
            import_service.check_columns(self.wizard_.kind(), self.columns())
        except DomainError as error:
            dialogs.show_error(self, TITLE, str(error))
            return False
        return True


class OutcomePage(QWizardPage):
    """Every row's outcome from a dry run; Import does it for real."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle("Check every row")
        self.summary = _label("")
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Row", "Outcome", "Why"])
        self.table.setAccessibleName("Each row's outcome")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for column in (0, 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def initializePage(self) -> None:
        self.wizard_.setButtonText(QWizard.WizardButton.NextButton, "&Import")
        result = self.wizard_.work("Checking every row", dry_run=True)
        self.table.setRowCount(0)
        if result is None:
            self.summary.setText("The file could not be checked; go back and try again.")
            return
        self.summary.setText(f"{result.said()} Nothing is written until you press Import; "
                             "refused rows are left out.")
        self.table.setRowCount(len(result.outcomes))
        for line, outcome in enumerate(result.outcomes):
            for column, text in enumerate((str(outcome.row), outcome.outcome, outcome.reason)):
                self.table.setItem(line, column, QTableWidgetItem(text))
        self.table.resizeRowsToContents()

    def validatePage(self) -> bool:
        self.wizard_.done_result = self.wizard_.work("Importing", dry_run=False)
        return self.wizard_.done_result is not None


class DonePage(QWizardPage):
    """What the import did, and a way to take it out again."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle("Imported")
        self.said = _label("")
        self.undo = QPushButton("&Take this import out again…")
        self.undo.clicked.connect(self.take_out)
        layout = QVBoxLayout(self)
        layout.addWidget(self.said)
        layout.addWidget(self.undo)
        layout.addStretch(1)

    def initializePage(self) -> None:
        result = self.wizard_.done_result
        assert result is not None
        batch = f" They are batch {result.batch}." if result.batch is not None else ""
        self.said.setText(f"{result.said()}{batch}")
        self.undo.setVisible(result.batch is not None)

    def take_out(self) -> None:
        result = self.wizard_.done_result
        if result is None or result.batch is None or not dialogs.confirm(
                self, TITLE, f"Take out the {result.imported} records this import added?",
                "Take out"):
            return
        done = self.wizard_.context.run(self, TITLE, import_service.undo, result.batch)
        if done is not None:
            self.said.setText(f"Taken out again: {counted(done.value, 'record')} removed.")
            self.undo.hide()


class ImportWizard(QWizard):
    def __init__(self, parent: QWidget | None, context: DeskContext) -> None:
        super().__init__(parent)
        self.context = context
        self.sheet: Sheet | None = None
        self.done_result: import_service.ImportResult | None = None
        self.setWindowTitle(TITLE)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.file_page, self.columns_page = FilePage(self), ColumnsPage(self)
        self.outcome_page, self.done_page = OutcomePage(self), DonePage(self)
        for page in (self.file_page, self.columns_page, self.outcome_page, self.done_page):
            self.addPage(page)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        self.resize(880, 600)

    def kind(self) -> str:
        return str(self.file_page.kind.currentData())

    def work(self, text: str, *, dry_run: bool) -> import_service.ImportResult | None:
        """The dry run or the import, off the window's thread; None after saying why not."""
        assert self.sheet is not None
        task = run_and_wait(self.context, self, TITLE, import_service.run_import, self.kind(),
                            self.sheet, self.columns_page.columns(), dry_run=dry_run,
                            file_name=Path(self.file_page.path.text()).name, text=text,
                            cancellable=False)
        return task.result.value if task.result is not None else None
