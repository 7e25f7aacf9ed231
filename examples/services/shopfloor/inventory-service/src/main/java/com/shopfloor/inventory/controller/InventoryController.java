package com.shopfloor.inventory.controller;

import com.shopfloor.inventory.dto.ReservationResponse;
import com.shopfloor.inventory.dto.ReserveRequest;
import com.shopfloor.inventory.dto.RestockRequest;
import com.shopfloor.inventory.dto.StockResponse;
import com.shopfloor.inventory.service.InventoryService;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/inventory")
public class InventoryController {

    private final InventoryService inventoryService;

    public InventoryController(InventoryService inventoryService) {
        this.inventoryService = inventoryService;
    }

    @GetMapping("/stock/{sku}")
    public StockResponse getStock(@PathVariable String sku) {
        return inventoryService.stockOf(sku);
    }

    @GetMapping("/stock/low")
    public List<StockResponse> getLowStock() {
        return inventoryService.lowStock();
    }

    @PostMapping("/stock/{sku}/restock")
    public StockResponse restock(@PathVariable String sku, @Valid @RequestBody RestockRequest request) {
        return inventoryService.restock(sku, request.quantity());
    }

    @PostMapping("/reservations")
    @ResponseStatus(HttpStatus.CREATED)
    public ReservationResponse reserve(@Valid @RequestBody ReserveRequest request) {
        return inventoryService.reserve(request);
    }

    @PostMapping("/reservations/{id}/commit")
    public ReservationResponse commit(@PathVariable Long id) {
        return inventoryService.commit(id);
    }

    @DeleteMapping("/reservations/{id}")
    public ReservationResponse release(@PathVariable Long id) {
        return inventoryService.release(id);
    }
}
