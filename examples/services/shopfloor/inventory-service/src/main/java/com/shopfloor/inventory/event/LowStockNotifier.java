package com.shopfloor.inventory.event;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/** Tells purchasing about low stock, once the reservation that caused it has committed. */
@Component
public class LowStockNotifier {

    private static final Logger log = LoggerFactory.getLogger(LowStockNotifier.class);

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    public void onLowStock(LowStockEvent event) {
        log.warn("Low stock for SKU {}: {} available, reorder level {}",
                event.sku(), event.available(), event.reorderLevel());
    }
}
