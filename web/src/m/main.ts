// The volunteer mobile site (/m/): Vue 3 and Vant, each page loaded when first opened.
import { createApp } from 'vue'
import { createRouter, createWebHistory } from 'vue-router'
import App from './App.vue'
import { session } from '@/common/session'
import { setUnauthenticatedHandler } from '@/api/client'
import { signInNotice } from '@/common/notice'
import { nameVantOverlays } from './a11y'
import './page.css'

session.takeTokenFromUrl()

const router = createRouter({
  history: createWebHistory('/m/'),
  routes: [
    { path: '/', redirect: '/me' },
    { path: '/sign-in', component: () => import('./pages/SignIn.vue'), meta: { public: true } },
    { path: '/me', component: () => import('./pages/Me.vue'), meta: { title: '我的' } },
    { path: '/wishes', component: () => import('./pages/Wall.vue'), meta: { title: '心愿墙' } },
    { path: '/claims', component: () => import('./pages/Claims.vue'), meta: { title: '我的认领' } },
    { path: '/posts', component: () => import('./pages/Posts.vue'), meta: { title: '服务岗位' } },
    { path: '/store', component: () => import('./pages/Store.vue'), meta: { title: '积分商城' } },
    { path: '/ranking', component: () => import('./pages/Ranking.vue'), meta: { title: '排行榜' } },
    { path: '/certificates', component: () => import('./pages/Certificates.vue'), meta: { title: '志愿服务证明' } },
    { path: '/verify/:serial', component: () => import('./pages/Verify.vue'), meta: { public: true, title: '核验志愿服务证明' } },
    { path: '/records', component: () => import('./pages/Records.vue'), meta: { title: '服务记录' } },
    { path: '/notices', component: () => import('./pages/Notices.vue'), meta: { title: '评优公示' } },
    { path: '/activities', component: () => import('./pages/Activities.vue'), meta: { title: '志愿活动' } },
    { path: '/activities/:id', component: () => import('./pages/Activity.vue'), meta: { title: '活动详情' } },
    { path: '/inbox', component: () => import('./pages/Inbox.vue'), meta: { title: '消息' } },
    { path: '/my-activities', component: () => import('./pages/MyActivities.vue'), meta: { title: '我的活动' } },
    { path: '/:rest(.*)*', redirect: '/me' },
  ],
})

router.beforeEach((to) => {
  if (!to.meta.public && !session.token()) return { path: '/sign-in', query: { next: to.fullPath } }
  return true
})
router.afterEach((to) => {
  document.title = to.meta.title ? `${String(to.meta.title)} · 同心志愿` : '同心志愿'
})

setUnauthenticatedHandler((reason) => {
  signInNotice.value = reason
  void router.push({ path: '/sign-in', query: { next: router.currentRoute.value.fullPath } })
})

nameVantOverlays()
createApp(App).use(router).mount('#app')
