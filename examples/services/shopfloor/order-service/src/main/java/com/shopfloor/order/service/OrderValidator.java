package com.shopfloor.order.service;

import com.shopfloor.order.config.OrderProperties;
import com.shopfloor.order.dto.OrderLineRequest;
import com.shopfloor.order.exception.InvalidOrderException;
import com.shopfloor.order.exception.UnpaidOrderLimitException;
import com.shopfloor.order.model.OrderStatus;
import com.shopfloor.order.repository.OrderRepository;
import java.util.List;
import org.springframework.stereotype.Component;

/** Checks an order request against the order policy before anything is reserved. */
@Component
public class OrderValidator {

    private static final int MIN_ITEMS_PER_ORDER = 1;
    private static final int MIN_QUANTITY_PER_LINE = 1;

    private final OrderProperties properties;
    private final OrderRepository orderRepository;

    public OrderValidator(OrderProperties properties, OrderRepository orderRepository) {
        this.properties = properties;
        this.orderRepository = orderRepository;
    }

    public void validateLines(List<OrderLineRequest> lines) {
        int count = lines == null ? 0 : lines.size();
        if (count < MIN_ITEMS_PER_ORDER || count > properties.getMaxItemsPerOrder()) {
            throw new InvalidOrderException("An order must have between " + MIN_ITEMS_PER_ORDER + " and "
                    + properties.getMaxItemsPerOrder() + " items, got " + count);
        }
        for (OrderLineRequest line : lines) {
            if (line.quantity() < MIN_QUANTITY_PER_LINE || line.quantity() > properties.getMaxQuantityPerLine()) {
                throw new InvalidOrderException("Quantity for SKU " + line.sku() + " must be between "
                        + MIN_QUANTITY_PER_LINE + " and " + properties.getMaxQuantityPerLine() + ", got "
                        + line.quantity());
            }
        }
    }

    public void checkUnpaidOrderLimit(Long customerId) {
        long unpaid = orderRepository.countByCustomerIdAndStatus(customerId, OrderStatus.PENDING);
        if (unpaid >= properties.getMaxUnpaidOrders()) {
            throw new UnpaidOrderLimitException(customerId, unpaid, properties.getMaxUnpaidOrders());
        }
    }
}
