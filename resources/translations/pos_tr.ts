<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="tr_TR">
<context>
    <name>AmountDialog</name>
    <message>
        <source>Type a number.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ApprovalDialog</name>
    <message>
        <source>Approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supervisor approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A discount above your limit on this line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A discount above your limit on the whole sale.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A price change above your limit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A return without a receipt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening the drawer without a sale.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approver PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No supervisor or manager is set up on this terminal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose who approves.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CardDialog</name>
    <message>
        <source>Card payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount to charge on the card terminal:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When the terminal approves, type its approval code. Cancel if declined.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approval code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the amount charged on the card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the approval code from the card terminal.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CodeDialog</name>
    <message>
        <source>Type the code.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConfirmDialog</name>
    <message>
        <source>Reason (optional)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <source>Something went wrong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An unexpected error happened. The sale in progress is saved and nothing was lost. You can carry on; if it happens again, restart the app and tell your manager.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details are in the log file {path}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CustomerDisplay</name>
    <message>
        <source>Customer display</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Welcome!</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your items will appear here as they are scanned.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Items in your purchase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Still to pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thank you!</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan for your e-receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QR code of your e-receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total paid</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DiscountDialog</name>
    <message>
        <source>Percent (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount (₺)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0 removes the discount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a percentage from 0 to 100.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type an amount, for example 12,50.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KeyPad</name>
    <message>
        <source>Delete last digit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decimal separator</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Cash register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store {store} · Till {terminal}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch language (Ctrl+L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open drawer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open drawer without a sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Help (F1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finish or park the sale before closing the shift.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch language Türkçe / English</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the drawer without a sale (approval)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out (a sale in progress is parked)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan anywhere on the sale screen</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <source>Price override</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New unit price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manager offer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the new price, for example 12,50.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose or type a reason.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ParkedDialog</name>
    <message>
        <source>{count} items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parked sales</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No parked sales.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PaymentScreen</name>
    <message>
        <source>To pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payments taken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove payment (Del)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash received, then Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash
Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card
F3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voucher
F4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store credit voucher</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to sale (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complete sale (F12)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complete sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Digits, Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exact cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quick cash amounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the selected payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complete the sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to the sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash {amount}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quick cash amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the cash received, for example 200 or 150,50.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PosDialog</name>
    <message>
        <source>Cancel (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OK (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResultScreen</name>
    <message>
        <source>Next sale (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sale complete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total {amount}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Returned goods: receipt {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store credit voucher {code}: give the customer the printed slip.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The drawer is open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No printer configured, so no drawer to open: use the key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The drawer did not open: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReturnScreen</name>
    <message>
        <source>Return or exchange</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan the receipt barcode or type its number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No receipt (F6)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Return without receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lines of the receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Returned items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All / none (Space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Return all or none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantity (F3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Return quantity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove (Del)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund as store credit (F4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel return</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exchange (F11)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exchange for other items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund (F12)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt barcode, then items to return</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a receipt number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Return all or none of the selected line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantity to return of the selected line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund as store credit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Return without receipt (needs approval)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel the return</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No receipt yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt {number} of {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Return without receipt, approved by {name}. Scan the items.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund: {amount}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How much of {name} comes back? (at most {max})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund the card on the card terminal, then type its approval code.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SaleScreen</name>
    <message>
        <source>Search name, code or barcode (F2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Items in this sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line discount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sale discount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Void sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Park sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Return</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pay  (F12)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search products by name, code or barcode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantity or weight of the selected line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discount on the selected line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discount on the whole sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the price of the selected line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Park the sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume a parked sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Return or exchange</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the selected line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Void the whole sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One more / one less of the selected line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a line, or move in the search results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Items: {count}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discounts: {amount}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>incl. VAT {amount}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exchange: {amount} credit from returned goods</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight of {name} in kg</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>★ Favourites</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No favourites yet: they fill from the best sellers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add an item first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many of {name}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discount on {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove every item and start again? This is recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sale parked. F8 brings it back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Park or finish the current sale first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShiftCloseScreen</name>
    <message>
        <source>Close shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count the notes and coins in the drawer and enter how many of each there are.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number of {value} notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number of {value} coins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected in the drawer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balanced: {amount}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Short: {amount}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Over: +{amount}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShiftOpenScreen</name>
    <message>
        <source>Open shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening float: the cash in the drawer now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening float</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the cash in the drawer, for example {example}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;{text}&quot; is not an amount. Type digits, for example {example}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amounts have at most two decimals.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The float cannot be negative.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That amount is too large for a float.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignInScreen</name>
    <message>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tap your name, then type your PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>English</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who is signing in?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PIN for {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tap your name first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} tries left.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatusPanel</name>
    <message>
        <source>User: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No shift open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift since {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline: {count} to sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline (no backend set up): {count} to sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Printer {uri} not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No printer configured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipts waiting: {count}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VoucherDialog</name>
    <message>
        <source>Store credit voucher</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voucher code (SC-...)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voucher code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount to use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance: {amount}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the voucher code and the amount.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_CountPad</name>
    <message>
        <source>Delete last digit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear the count</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
