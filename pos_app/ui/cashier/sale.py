"""The sale screen: cart, totals, search, categories and favourites, and every sale action."""

from __future__ import annotations

import logging
from collections.abc import Callable
from decimal import Decimal
from functools import partial

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pos_app.checkout.giftcards import GiftCardDesk
from pos_app.checkout.register import Register
from pos_app.domain.cart import CartLine, Discount, ProductInfo
from pos_app.domain.roles import Approval
from pos_app.errors import UserError
from pos_app.services.catalog import CatalogLookup, CategoryInfo
from pos_app.services.clock import Clock
from pos_app.ui.cashier.customer_panel import FIND_KEYS, CustomerPanel
from pos_app.ui.cashier.customer_ports import CustomerDesk
from pos_app.ui.cashier.dialogs import (
    AmountDialog,
    ConfirmDialog,
    DiscountDialog,
    OverrideDialog,
    ParkedDialog,
    with_approval,
)
from pos_app.ui.cashier.gift_card_sale import GiftCardSaleButton
from pos_app.ui.i18n import format_money
from pos_app.ui.messages import error_text
from pos_app.ui.models import CartTableModel, ProductListModel
from pos_app.ui.widgets import (
    FittedButton,
    Screen,
    button,
    clear_layout,
    fit_columns,
    named,
    set_label,
)

log = logging.getLogger(__name__)

TILE_WIDTH = 150  # px; the product grid gets as many columns as fit, at least three
FAVOURITES = "__favourites__"
_CHORDS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


def typed_text(event: QKeyEvent) -> bool:
    """A key that types something visible (a digit, a letter), not a shortcut or a space."""
    text = event.text()
    return bool(text.strip()) and text.isprintable() and not event.modifiers() & _CHORDS


class SaleScreen(Screen):
    """Everything a cashier does while ringing up a sale."""

    close_shift_requested = Signal()
    problem = Signal(str)  # a message for the status line, with a sound for scan errors

    def __init__(
        self,
        register: Register,
        catalog: CatalogLookup,
        clock: Clock,
        *,
        zone: str,
        favourites: list[str],
        customers: CustomerDesk | None = None,
        gift_cards: GiftCardDesk | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``zone`` is the store's time zone; ``favourites`` the SKUs the settings pin to the
        favourites page (``Settings.favourites``); ``customers`` the customer desk (the
        customer strip is shown only with one)."""
        super().__init__(parent)
        self.register = register
        self.catalog = catalog
        self.clock = clock
        self.zone = zone
        self.favourites = favourites
        self.setObjectName("sale_screen")
        language = register.language
        currency = register.sale.cart.currency
        self.model = CartTableModel(register.sale.cart, language)
        self.results = ProductListModel(language, currency)
        self._categories: list[CategoryInfo] = []
        self._category = FAVOURITES
        self._grid_products: list[ProductInfo] | None = None
        self._shown_columns = 0
        self._category_columns = 0

        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 10, 10, 10)
        outer.setSpacing(8)
        root = QHBoxLayout()
        root.setSpacing(10)
        outer.addLayout(root, 1)

        # -- left: search, cart, message, totals ------------------------------------------
        left = QVBoxLayout()
        left.setSpacing(8)
        self.search = named(QLineEdit(), "sale_search")
        self.search.setClearButtonEnabled(True)
        left.addWidget(self.search)

        self.table = named(QTableView(), "sale_cart")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(48)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(CartTableModel.ITEM, QHeaderView.ResizeMode.Stretch)
        left.addWidget(self.table, 1)

        self.message = QLabel()
        self.message.setProperty("kind", "message")
        self.message.setWordWrap(True)
        self.message.hide()
        left.addWidget(self.message)
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.timeout.connect(self.message.hide)

        totals = QFrame()
        totals.setProperty("kind", "panel")
        totals_layout = QGridLayout(totals)
        self.items_label = QLabel()
        self.discount_label = QLabel()
        self.tax_label = QLabel()
        self.exchange_label = QLabel()
        self.exchange_label.setProperty("kind", "ok")
        self.total_caption = QLabel()
        self.total_caption.setProperty("kind", "subtitle")
        self.total_label = QLabel()
        self.total_label.setProperty("kind", "total")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        totals_layout.addWidget(self.items_label, 0, 0)
        totals_layout.addWidget(self.discount_label, 1, 0)
        totals_layout.addWidget(self.tax_label, 2, 0)
        totals_layout.addWidget(self.total_caption, 0, 1, alignment=Qt.AlignmentFlag.AlignRight)
        totals_layout.addWidget(self.total_label, 1, 1, 2, 1)
        totals_layout.addWidget(self.exchange_label, 3, 0, 1, 2)
        left.addWidget(totals)
        root.addLayout(left, 11)

        # -- right: categories, product grid or search results, actions -------------------
        right = QVBoxLayout()
        right.setSpacing(8)
        self.category_bar = QWidget()
        self.category_layout = QGridLayout(self.category_bar)
        self.category_layout.setContentsMargins(0, 0, 0, 0)
        self.category_layout.setSpacing(6)
        category_scroll = QScrollArea()
        category_scroll.setWidgetResizable(True)
        category_scroll.setWidget(self.category_bar)
        category_scroll.setFrameShape(QFrame.Shape.NoFrame)
        category_scroll.setMaximumHeight(124)
        right.addWidget(category_scroll)

        self.pages = QStackedWidget()
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setSpacing(6)
        self.grid.setContentsMargins(0, 0, 0, 0)
        grid_scroll = QScrollArea()
        grid_scroll.setWidgetResizable(True)
        grid_scroll.setWidget(self.grid_host)
        grid_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.pages.addWidget(grid_scroll)
        self.result_list = named(QListView(), "sale_search_results")
        self.result_list.setModel(self.results)
        self.result_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.result_list.activated.connect(lambda index: self._add_result(index.row()))
        self.result_list.clicked.connect(lambda index: self._add_result(index.row()))
        self.pages.addWidget(self.result_list)
        right.addWidget(self.pages, 1)

        actions = QGridLayout()
        actions.setSpacing(6)
        self.action_buttons: dict[str, QPushButton] = {}
        specs: list[tuple[str, Callable[[], None], str]] = [
            ("quantity", self.edit_quantity, ""),
            ("line_discount", self.line_discount, ""),
            ("cart_discount", self.cart_discount, ""),
            ("override", self.override_price, ""),
            ("void_line", self.void_line, "danger"),
            ("void_sale", self.void_sale, "danger"),
            ("park", self.park, ""),
            ("resume", self.resume, ""),
            ("return", self.start_return, ""),
            ("close_shift", self.close_shift_requested.emit, ""),
        ]
        for index, (key, handler, kind) in enumerate(specs):
            action_button = button(f"sale_{key}", kind=kind, on_click=handler)
            action_button.setProperty("kind", kind or "action")
            action_button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            actions.addWidget(action_button, index // 5, index % 5)
            self.action_buttons[key] = action_button
        self.gift_card_button: GiftCardSaleButton | None = None
        if gift_cards is not None:  # a sixth column, as high as both rows
            self.gift_card_button = GiftCardSaleButton(
                register, gift_cards, self, zone=zone, say=partial(self.show_message, error=False)
            )
            actions.addWidget(self.gift_card_button, 0, 5, 2, 1)
        outer.addLayout(actions)
        self.pay_button = button("sale_pay", kind="primary", on_click=self.pay)
        right.addWidget(self.pay_button)
        root.addLayout(right, 10)
        self.customer_panel: CustomerPanel | None = None
        if customers is not None:
            self.customer_panel = CustomerPanel(
                customers, lambda: register.language, self.show_message
            )
            self.customer_panel.problem.connect(self.problem)
            outer.insertWidget(0, self.customer_panel)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self._run_search)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self._search_enter)
        self.search.installEventFilter(self)
        # The cart and the results search their rows by typed letters; here typed text is a
        # product search instead (type_to_search), so no digit vanishes without a trace.
        self.table.installEventFilter(self)
        self.result_list.installEventFilter(self)

        self.shortcuts: list[tuple[str, str, Callable[[], None]]] = [
            ("F2", "search", self.focus_search),
            ("F3", "quantity", self.edit_quantity),
            ("F4", "line_discount", self.line_discount),
            ("F5", "cart_discount", self.cart_discount),
            ("F6", "override", self.override_price),
            ("F7", "park", self.park),
            ("F8", "resume", self.resume),
            ("F9", "return", self.start_return),
            ("F12", "pay", self.pay),
            ("Ctrl+Return", "pay", self.pay),
            ("Del", "void_line", self.void_line),
            ("Ctrl+Del", "void_sale", self.void_sale),
            ("+", "plus", lambda: self._step_quantity(1)),
            ("-", "minus", lambda: self._step_quantity(-1)),
            ("Ctrl+Shift+Z", "close_shift", self.close_shift_requested.emit),
        ]
        if self.customer_panel is not None:
            self.shortcuts.append((FIND_KEYS, "customer", self.customer_panel.find_customer))
        for keys, _name, handler in self.shortcuts:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(handler)

        self.load_categories()
        self.retranslate()
        self.refresh()

    # -- texts -----------------------------------------------------------------------------

    def retranslate(self) -> None:
        set_label(
            self.search,
            self.tr("Search name, code or barcode (F2)"),
            self.tr("Product search"),
        )
        self.table.setAccessibleName(self.tr("Items in this sale"))
        self._fit_figures()
        self.result_list.setAccessibleName(self.tr("Search results"))
        texts = {
            "quantity": (self.tr("Quantity"), "F3"),
            "line_discount": (self.tr("Line discount"), "F4"),
            "cart_discount": (self.tr("Sale discount"), "F5"),
            "override": (self.tr("Change price"), "F6"),
            "void_line": (self.tr("Delete line"), "Del"),
            "void_sale": (self.tr("Void sale"), "Ctrl+Del"),
            "park": (self.tr("Park sale"), "F7"),
            "resume": (self.tr("Resume"), "F8"),
            "return": (self.tr("Return"), "F9"),
            "close_shift": (self.tr("Close shift"), "Ctrl+Shift+Z"),
        }
        for key, (text, keys) in texts.items():
            native = QKeySequence(keys).toString(QKeySequence.SequenceFormat.PortableText)
            set_label(self.action_buttons[key], f"{text}\n{native}", text)
        set_label(self.pay_button, self.tr("Pay  (F12)"), self.tr("Pay"))
        self.total_caption.setText(self.tr("Total"))
        self.load_categories()
        self.refresh()

    def shortcut_help(self) -> list[tuple[str, str]]:
        """(keys, what they do) for the F1 help."""
        return (
            [
                ("F2", self.tr("Search products by name, code or barcode")),
                ("F3", self.tr("Quantity or weight of the selected line")),
                ("F4", self.tr("Discount on the selected line")),
                ("F5", self.tr("Discount on the whole sale")),
                ("F6", self.tr("Change the price of the selected line")),
                ("F7", self.tr("Park the sale")),
                ("F8", self.tr("Resume a parked sale")),
                ("F9", self.tr("Return or exchange")),
                ("F12", self.tr("Pay")),
                ("Ctrl+Return", self.tr("Pay")),
                ("Del", self.tr("Delete the selected line")),
                ("Ctrl+Del", self.tr("Void the whole sale")),
                ("+ / -", self.tr("One more / one less of the selected line")),
                ("Up / Down", self.tr("Select a line, or move in the search results")),
                ("Esc", self.tr("Clear the search")),
                ("Ctrl+Shift+Z", self.tr("Close the shift")),
            ]
            + ([self.customer_panel.shortcut_help()] if self.customer_panel else [])
            + ([self.gift_card_button.help_row()] if self.gift_card_button else [])
        )

    # -- state -----------------------------------------------------------------------------

    def activate(self) -> None:
        self.refresh()
        self.table.setFocus()

    def scan_target(self) -> QWidget:
        """Where the keyboard goes after a dialog: the lines (+, -, Del act on them; scans
        and typed text work from there)."""
        return self.table

    def refresh(self) -> None:
        register = self.register
        cart = register.sale.cart
        language = register.language
        self.model.refresh(cart, language)
        self._fit_figures()
        totals = cart.totals()
        count = sum(1 if line.product.sold_by_weight else int(line.quantity) for line in cart.lines)
        self.items_label.setText(self.tr("Items: {count}").format(count=count))
        reduction = totals.line_discounts_minor + totals.cart_discount_minor
        self.table.setColumnHidden(CartTableModel.DISCOUNT, reduction == 0)
        self.discount_label.setText(
            self.tr("Discounts: {amount}").format(amount=format_money(-reduction, language))
            if reduction
            else ""
        )
        self.tax_label.setText(
            self.tr("incl. VAT {amount}").format(amount=format_money(totals.tax_minor, language))
        )
        self.total_label.setText(format_money(totals.total_minor, language))
        credit = register.sale.exchange_credit_minor
        self.exchange_label.setVisible(bool(credit))
        if credit:
            self.exchange_label.setText(
                self.tr("Exchange: {amount} credit from returned goods").format(
                    amount=format_money(credit, language)
                )
            )
        has_lines = not cart.is_empty
        for key in ("quantity", "line_discount", "override", "void_line", "void_sale", "park"):
            self.action_buttons[key].setEnabled(has_lines)
        self.action_buttons["cart_discount"].setEnabled(has_lines)
        self.action_buttons["return"].setEnabled(not has_lines and register.sale.exchange is None)
        self.pay_button.setEnabled(has_lines)
        if self.customer_panel is not None:
            self.customer_panel.refresh()

    def _fit_figures(self) -> None:
        """Quantity, price, discount and amount as wide as the widest they show (at least a
        typical amount's width, so the columns do not jump), the item's name the rest."""
        language, currency = self.register.language, self.register.sale.cart.currency
        floor = {
            CartTableModel.QUANTITY: ["99"],
            CartTableModel.PRICE: [format_money(99_999, language, currency)],
            CartTableModel.DISCOUNT: [format_money(-99_999, language, currency)],
            CartTableModel.AMOUNT: [format_money(99_999, language, currency)],
        }
        widest = self.model.widest_figures()
        fit_columns(self.table, {column: floor[column] + widest[column] for column in floor})

    def show_message(self, text: str, *, error: bool = True) -> None:
        self.message.setText(text)
        self.message.setProperty("kind", "error" if error else "message")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()
        self._message_timer.start(6000)

    def show_error(self, error: UserError) -> None:
        self.show_message(error_text(error, self.register.language))

    def _run(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except UserError as error:
            self.show_error(error)
            return False
        return True

    # -- scanning and adding ---------------------------------------------------------------

    def scan(self, code: str) -> None:
        """A code from the scanner (or typed and confirmed): add it, or say why not; a
        loyalty QR attaches its customer instead."""
        if self.customer_panel is not None and self.customer_panel.take_scan(code):
            return
        try:
            line = self.register.sale.scan(code)
        except UserError as error:
            product_id = error.params.get("product_id")
            product = self.catalog.by_id(str(product_id)) if product_id else None
            if error.code == "cart.weight_needed" and product is not None:
                self.add_product(product)  # asks for the weight
                return
            text = error_text(error, self.register.language)
            self.show_message(text)
            self.problem.emit(text)
            return
        self.message.hide()
        self._select_line(line)

    def _select_line(self, line: CartLine) -> None:
        row = self.model.row_of(line.line_id)
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(self.model.index(row, 0))

    def add_product(self, product: ProductInfo) -> None:
        if product.sold_by_weight:
            dialog = AmountDialog(
                self.register,
                "weight",
                self.tr("Weight"),
                self.tr("Weight of {name} in kg").format(
                    name=product.name_in(self.register.language)
                ),
                self,
            )

            def weighed() -> None:
                if dialog.value is not None:
                    self._add(product, dialog.value)

            dialog.accepted.connect(weighed)
            dialog.open()
            return
        self._add(product, Decimal(1))

    def _add(self, product: ProductInfo, quantity: Decimal) -> None:
        try:
            line = self.register.sale.add_product(product, quantity)
        except UserError as error:
            self.show_error(error)
            return
        self._select_line(line)

    # -- search and grid ---------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def type_to_search(self, text: str) -> None:
        """Text typed where no field takes it (the lines, a button, nothing focused) starts a
        search with it, as if F2 had been pressed first; slower than a scanner, it is a
        person typing a name or a code."""
        if not self.search.hasFocus():
            self.focus_search()
        self.search.insert(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # A key a button or tile of this screen did not take.
        if typed_text(event):
            self.type_to_search(event.text())
            return
        super().keyPressEvent(event)

    def _run_search(self) -> None:
        text = self.search.text().strip()
        if not text:
            self.pages.setCurrentIndex(0)
            return
        products = self.catalog.search(text)
        self.results.set_products(products, self.register.language)
        self.pages.setCurrentIndex(1)
        if products:
            self.result_list.setCurrentIndex(self.results.index(0, 0))

    def _search_enter(self) -> None:
        self._search_timer.stop()
        typed = self.search.text().strip()
        if self.customer_panel is not None and self.customer_panel.take_scan(typed):
            self.search.clear()  # a loyalty QR typed (or scanned too slowly) attaches
            return
        self._run_search()
        if self.results.rowCount() >= 1 and self.search.text().strip():
            self._add_result(max(0, self.result_list.currentIndex().row()))

    def _add_result(self, row: int) -> None:
        if 0 <= row < self.results.rowCount():
            product = self.results.product_at(row)
            self.search.clear()
            self.pages.setCurrentIndex(0)
            self.add_product(product)
            self.table.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched in (self.table, self.result_list)
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and typed_text(event)
        ):
            self.type_to_search(event.text())
            return True
        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
        ):
            if event.key() == Qt.Key.Key_Escape:
                self.search.clear()
                self.table.setFocus()
                return True
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.pages.currentIndex():
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                row = self.result_list.currentIndex().row() + step
                if 0 <= row < self.results.rowCount():
                    self.result_list.setCurrentIndex(self.results.index(row, 0))
                return True
        return super().eventFilter(watched, event)

    def load_categories(self) -> None:
        catalog = self.catalog
        self._categories = catalog.categories()
        clear_layout(self.category_layout)
        columns = self._grid_columns()
        self._category_columns = columns
        entries = [(FAVOURITES, self.tr("★ Favourites"))] + [
            (c.category_id, c.name_in(self.register.language)) for c in self._categories
        ]
        for index, (category_id, name) in enumerate(entries):
            tile = FittedButton(f"sale_category_{index}", "category", 52)
            tile.setCheckable(True)
            tile.setChecked(category_id == self._category)
            tile.set_lines([(name, 2)], name)
            tile.clicked.connect(lambda _c=False, cid=category_id: self.show_category(cid))
            self.category_layout.addWidget(tile, index // columns, index % columns)
        self.show_category(self._category)

    def show_category(self, category_id: str) -> None:
        self._category = category_id
        for index in range(self.category_layout.count()):
            item = self.category_layout.itemAt(index)
            tile = item.widget() if item else None
            if isinstance(tile, QPushButton):
                tile.setChecked(index == self._category_index())
        catalog = self.catalog
        if category_id == FAVOURITES:
            products = catalog.favourites(self.favourites)
        else:
            products = catalog.in_category(category_id, limit=60)
        self._fill_grid(products)
        self.pages.setCurrentIndex(0)

    def _grid_columns(self) -> int:
        return max(3, self.pages.width() // TILE_WIDTH)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._grid_products is not None and self._grid_columns() != self._shown_columns:
            self._fill_grid(self._grid_products)
        if self._grid_columns() != self._category_columns:
            self.load_categories()

    def _category_index(self) -> int:
        if self._category == FAVOURITES:
            return 0
        for index, category in enumerate(self._categories, 1):
            if category.category_id == self._category:
                return index
        return -1

    def _fill_grid(self, products: list[ProductInfo]) -> None:
        clear_layout(self.grid)
        self._grid_products = products
        columns = self._grid_columns()
        language = self.register.language
        for index, product in enumerate(products):
            tile = FittedButton(f"sale_product_{product.sku}", "tile", 76)
            price = format_money(product.unit_price_minor, language)
            unit = " / kg" if product.sold_by_weight else ""
            name = product.name_in(language)
            tile.set_lines([(name, 2), (f"{price}{unit}", 1)], f"{name}, {price}{unit}")
            tile.clicked.connect(lambda _c=False, p=product: self.add_product(p))
            self.grid.addWidget(tile, index // columns, index % columns)
        if not products:
            empty = QLabel(self.tr("No favourites yet: they fill from the best sellers."))
            empty.setWordWrap(True)
            empty.setProperty("kind", "muted")
            self.grid.addWidget(empty, 0, 0, 1, columns)
        self.grid.setRowStretch(self.grid.rowCount(), 1)
        self._shown_columns = columns

    # -- line actions ----------------------------------------------------------------------

    def selected_line(self) -> CartLine | None:
        index = self.table.currentIndex()
        if index.isValid():
            return self.model.line_at(index.row())
        if self.register.sale.cart.lines:
            return self.register.sale.cart.lines[-1]
        return None

    def _need_line(self) -> CartLine | None:
        line = self.selected_line()
        if line is None:
            self.show_message(self.tr("Add an item first."))
        return line

    def edit_quantity(self) -> None:
        line = self._need_line()
        if line is None:
            return
        weight = line.product.sold_by_weight
        name = line.product.name_in(self.register.language)
        dialog = AmountDialog(
            self.register,
            "quantity",
            self.tr("Weight") if weight else self.tr("Quantity"),
            (
                self.tr("Weight of {name} in kg") if weight else self.tr("How many of {name}?")
            ).format(name=name),
            self,
            decimal=weight,
        )

        def chosen() -> None:
            if dialog.value is not None:
                value = dialog.value
                if self._run(lambda: self.register.sale.set_quantity(line.line_id, value)):
                    self._select_line(line)

        dialog.accepted.connect(chosen)
        dialog.open()

    def _step_quantity(self, step: int) -> None:
        line = self.selected_line()
        if line is None or line.product.sold_by_weight:
            return
        if line.quantity + step <= 0:
            self.void_line()
            return
        if self._run(lambda: self.register.sale.set_quantity(line.line_id, line.quantity + step)):
            self._select_line(line)

    def _discount_dialog(self, prefix: str, title: str, apply: Callable[..., object]) -> None:
        dialog = DiscountDialog(self.register, prefix, title, self)

        def chosen() -> None:
            discount: Discount | None
            if dialog.percent is not None:
                discount = Discount.percent(dialog.percent) if dialog.percent else None
            else:
                amount = dialog.amount_minor or 0
                discount = Discount.amount(amount) if amount else None

            def attempt(approval: Approval | None) -> object:
                return apply(discount, approval)

            with_approval(self, self.register, attempt, self.show_error)

        dialog.accepted.connect(chosen)
        dialog.open()

    def line_discount(self) -> None:
        line = self._need_line()
        if line is None:
            return
        self._discount_dialog(
            "line_discount",
            self.tr("Discount on {name}").format(name=line.product.name_in(self.register.language)),
            lambda discount, approval: self.register.sale.line_discount(
                line.line_id, discount, approval
            ),
        )

    def cart_discount(self) -> None:
        if self.register.sale.cart.is_empty:
            self.show_message(self.tr("Add an item first."))
            return
        self._discount_dialog(
            "cart_discount",
            self.tr("Discount on the whole sale"),
            lambda discount, approval: self.register.sale.cart_discount(discount, approval),
        )

    def override_price(self) -> None:
        line = self._need_line()
        if line is None:
            return
        dialog = OverrideDialog(self.register, line.product.name_in(self.register.language), self)

        def chosen() -> None:
            price = dialog.price_minor
            reason = dialog.reason.text()
            if price is None:
                return
            with_approval(
                self,
                self.register,
                lambda approval: self.register.sale.override_price(
                    line.line_id, price, reason, approval
                ),
                self.show_error,
            )

        dialog.accepted.connect(chosen)
        dialog.open()

    def void_line(self) -> None:
        line = self._need_line()
        if line is None:
            return
        self._run(lambda: self.register.sale.void_line(line.line_id))

    def void_sale(self) -> None:
        if self.register.sale.cart.is_empty:
            return
        dialog = ConfirmDialog(
            self.register,
            "void_sale",
            self.tr("Void sale"),
            self.tr("Remove every item and start again? This is recorded."),
            self,
            ask_reason=True,
        )

        def confirmed() -> None:
            reason = dialog.reason.text() if dialog.reason else ""
            self._run(lambda: self.register.sale.void_sale(reason))

        dialog.accepted.connect(confirmed)
        dialog.open()

    def park(self) -> None:
        if self._run(lambda: self.register.sale.park()):
            self.show_message(self.tr("Sale parked. F8 brings it back."), error=False)

    def resume(self) -> None:
        if not self.register.sale.cart.is_empty:
            self.show_message(self.tr("Park or finish the current sale first."))
            return
        dialog = ParkedDialog(self.register, self, now=self.clock.now(), zone=self.zone)

        def chosen() -> None:
            parked_id = dialog.parked_id
            if parked_id and self._run(lambda: self.register.sale.resume(parked_id)):
                self.message.hide()

        dialog.accepted.connect(chosen)
        dialog.open()

    def pay(self) -> None:
        self._run(self.register.payment.begin_payment)

    def start_return(self) -> None:
        self._run(self.register.returns.begin_return)
