// The admin console (/admin/): Vue 3 and Element Plus (zh-CN, components imported where used),
// ECharts for the dashboard.
import { createApp } from 'vue'
import { createRouter, createWebHistory } from 'vue-router'
import App from './App.vue'
import { session } from '@/common/session'
import { setUnauthenticatedHandler } from '@/api/client'
import { signInNotice } from '@/common/notice'
import { focusableTableScrollers } from './a11y'

session.takeTokenFromUrl()

const router = createRouter({
  history: createWebHistory('/admin/'),
  routes: [
    { path: '/', redirect: '/dashboard' },
    { path: '/sign-in', component: () => import('./pages/SignIn.vue'), meta: { public: true } },
    { path: '/dashboard', component: () => import('./pages/Dashboard.vue'), meta: { title: '数据概览' } },
    { path: '/queue', component: () => import('./pages/Queue.vue'), meta: { title: '待办事项' } },
    { path: '/volunteers', component: () => import('./pages/Volunteers.vue'), meta: { title: '志愿者' } },
    { path: '/rounds', component: () => import('./pages/Rounds.vue'), meta: { title: '评优表彰' } },
    { path: '/posts', component: () => import('./pages/Posts.vue'), meta: { title: '服务岗位' } },
    { path: '/store', component: () => import('./pages/Store.vue'), meta: { title: '积分商城' } },
    { path: '/rules', component: () => import('./pages/Rules.vue'), meta: { title: '积分规则' } },
    { path: '/service-exports', component: () => import('./pages/ServiceExports.vue'), meta: { title: '志愿服务记录导出' } },
    { path: '/broadcasts', component: () => import('./pages/Broadcasts.vue'), meta: { title: '微广播' } },
    { path: '/webhooks', component: () => import('./pages/Webhooks.vue'), meta: { title: '事件推送' } },
    { path: '/activities', component: () => import('./pages/Activities.vue'), meta: { title: '志愿活动' } },
    { path: '/activities/:id/code', component: () => import('./pages/CheckinCode.vue'), meta: { title: '签到码' } },
    { path: '/activities/:id/roster', component: () => import('./pages/Roster.vue'), meta: { title: '活动名单' } },
    { path: '/:rest(.*)*', redirect: '/dashboard' },
  ],
})

router.beforeEach((to) => {
  if (!to.meta.public && !session.token()) return { path: '/sign-in', query: { next: to.fullPath } }
  return true
})
router.afterEach((to) => {
  document.title = to.meta.title ? `${String(to.meta.title)} · 同心管理后台` : '同心管理后台'
})

setUnauthenticatedHandler((reason) => {
  signInNotice.value = reason
  void router.push({ path: '/sign-in', query: { next: router.currentRoute.value.fullPath } })
})

focusableTableScrollers()
createApp(App).use(router).mount('#app')
