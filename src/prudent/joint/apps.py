from django.apps import AppConfig


class JointConfig(AppConfig):
    name = "prudent.joint"
    label = "joint"
    verbose_name = "部门联合检查"
