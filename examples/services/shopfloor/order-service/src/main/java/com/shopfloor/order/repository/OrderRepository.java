package com.shopfloor.order.repository;

import com.shopfloor.order.model.Order;
import com.shopfloor.order.model.OrderStatus;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface OrderRepository extends JpaRepository<Order, Long> {

    long countByCustomerIdAndStatus(Long customerId, OrderStatus status);

    long countByCustomerId(Long customerId);

    List<Order> findByCustomerIdOrderByCreatedAtDesc(Long customerId);
}
