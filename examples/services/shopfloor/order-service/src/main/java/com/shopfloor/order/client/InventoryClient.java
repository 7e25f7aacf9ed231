package com.shopfloor.order.client;

import com.shopfloor.inventory.dto.ReservationResponse;
import com.shopfloor.inventory.dto.ReserveRequest;
import com.shopfloor.inventory.service.InventoryService;
import com.shopfloor.order.dto.OrderLineRequest;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The order module's only way into inventory. Today it calls the inventory module in-process;
 * if inventory becomes its own deployment, only this class changes (to call /inventory over HTTP).
 */
@Component
public class InventoryClient {

    private final InventoryService inventoryService;

    public InventoryClient(InventoryService inventoryService) {
        this.inventoryService = inventoryService;
    }

    public ReservationResponse reserve(Long orderId, List<OrderLineRequest> lines) {
        List<ReserveRequest.Line> requested = lines.stream()
                .map(line -> new ReserveRequest.Line(line.sku(), line.quantity()))
                .toList();
        return inventoryService.reserve(new ReserveRequest(orderId, requested));
    }

    public ReservationResponse commit(Long reservationId) {
        return inventoryService.commit(reservationId);
    }

    public ReservationResponse release(Long reservationId) {
        return inventoryService.release(reservationId);
    }
}
