package com.shopfloor.order.service;

import com.shopfloor.common.exception.ResourceNotFoundException;
import com.shopfloor.common.money.Money;
import com.shopfloor.inventory.dto.ReservationResponse;
import com.shopfloor.order.client.InventoryClient;
import com.shopfloor.order.dto.OrderResponse;
import com.shopfloor.order.dto.PaymentRequest;
import com.shopfloor.order.dto.PlaceOrderRequest;
import com.shopfloor.order.exception.OrderNotFoundException;
import com.shopfloor.order.exception.PaymentMismatchException;
import com.shopfloor.order.model.Customer;
import com.shopfloor.order.model.Order;
import com.shopfloor.order.repository.CustomerRepository;
import com.shopfloor.order.repository.OrderRepository;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Places, pays, ships and cancels orders. Every public method is one transaction. */
@Service
public class OrderService {

    private final OrderRepository orderRepository;
    private final CustomerRepository customerRepository;
    private final OrderValidator validator;
    private final PricingService pricingService;
    private final InventoryClient inventoryClient;
    private final Clock clock;

    public OrderService(OrderRepository orderRepository, CustomerRepository customerRepository,
            OrderValidator validator, PricingService pricingService, InventoryClient inventoryClient, Clock clock) {
        this.orderRepository = orderRepository;
        this.customerRepository = customerRepository;
        this.validator = validator;
        this.pricingService = pricingService;
        this.inventoryClient = inventoryClient;
        this.clock = clock;
    }

    /**
     * Validates the request, reserves stock for every line and prices the order. If the stock
     * cannot be reserved the whole placement rolls back and no order is stored.
     */
    @Transactional
    public OrderResponse placeOrder(PlaceOrderRequest request) {
        Customer customer = customerRepository.findById(request.customerId())
                .orElseThrow(() -> new ResourceNotFoundException("Customer", request.customerId()));
        validator.validateLines(request.lines());
        validator.checkUnpaidOrderLimit(customer.getId());
        boolean firstOrder = orderRepository.countByCustomerId(customer.getId()) == 0;

        Order order = orderRepository.save(new Order(customer.getId(), request.discountCode(), clock.instant()));
        ReservationResponse reservation = inventoryClient.reserve(order.getId(), request.lines());
        for (ReservationResponse.Line line : reservation.lines()) {
            order.addLine(line.sku(), line.quantity(), line.unitPrice());
        }
        order.attachReservation(reservation.id());
        order.applyQuote(pricingService.quote(order.getLines(), request.discountCode(), firstOrder));
        return OrderResponse.from(order);
    }

    /** Records the payment; the amount must equal the order total. Commits the reserved stock. */
    @Transactional
    public OrderResponse pay(Long orderId, PaymentRequest payment) {
        Order order = load(orderId);
        BigDecimal paid = Money.round(payment.amount());
        if (paid.compareTo(order.getTotal()) != 0) {
            throw new PaymentMismatchException(orderId, order.getTotal(), paid);
        }
        order.markPaid(payment.paymentReference(), clock.instant());
        inventoryClient.commit(order.getReservationId());
        return OrderResponse.from(order);
    }

    @Transactional
    public OrderResponse ship(Long orderId) {
        Order order = load(orderId);
        order.markShipped(clock.instant());
        return OrderResponse.from(order);
    }

    @Transactional
    public OrderResponse markDelivered(Long orderId) {
        Order order = load(orderId);
        order.markDelivered(clock.instant());
        return OrderResponse.from(order);
    }

    /** Cancels an order that has not shipped yet and gives its stock back to inventory. */
    @Transactional
    public OrderResponse cancel(Long orderId) {
        Order order = load(orderId);
        order.cancel(clock.instant());
        if (order.getReservationId() != null) {
            inventoryClient.release(order.getReservationId());
        }
        return OrderResponse.from(order);
    }

    @Transactional(readOnly = true)
    public OrderResponse getOrder(Long orderId) {
        return OrderResponse.from(load(orderId));
    }

    @Transactional(readOnly = true)
    public List<OrderResponse> ordersOf(Long customerId) {
        return orderRepository.findByCustomerIdOrderByCreatedAtDesc(customerId).stream()
                .map(OrderResponse::from)
                .toList();
    }

    private Order load(Long orderId) {
        return orderRepository.findById(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
    }
}
